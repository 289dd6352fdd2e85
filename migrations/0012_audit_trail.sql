CREATE TABLE `audit_events` (
	`position` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`key_id` text,
	`organisation_id` text,
	`role` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`request_id` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_target_idx` ON `audit_events` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_events_organisation_idx` ON `audit_events` (`organisation_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_key_idx` ON `audit_events` (`key_id`,`at`);