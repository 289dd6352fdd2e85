CREATE TABLE `catalogue_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`changes` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `catalogue_changes` (`id`, `changes`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_organisations_insert` AFTER INSERT ON `organisations` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_organisations_update` AFTER UPDATE ON `organisations` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_organisations_delete` AFTER DELETE ON `organisations` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_skills_insert` AFTER INSERT ON `skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_skills_update` AFTER UPDATE ON `skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_skills_delete` AFTER DELETE ON `skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_modules_insert` AFTER INSERT ON `modules` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_modules_update` AFTER UPDATE ON `modules` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_modules_delete` AFTER DELETE ON `modules` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_module_versions_insert` AFTER INSERT ON `module_versions` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_module_versions_update` AFTER UPDATE ON `module_versions` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_module_versions_delete` AFTER DELETE ON `module_versions` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_units_insert` AFTER INSERT ON `units` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_units_update` AFTER UPDATE ON `units` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_units_delete` AFTER DELETE ON `units` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_unit_skills_insert` AFTER INSERT ON `unit_skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_unit_skills_update` AFTER UPDATE ON `unit_skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_unit_skills_delete` AFTER DELETE ON `unit_skills` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_pathways_insert` AFTER INSERT ON `pathways` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_pathways_update` AFTER UPDATE ON `pathways` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER `catalogue_changed_pathways_delete` AFTER DELETE ON `pathways` BEGIN UPDATE `catalogue_changes` SET `changes` = `changes` + 1 WHERE `id` = 1; END;
