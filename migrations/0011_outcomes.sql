CREATE TABLE `outcome_retractions` (
	`outcome_id` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`retracted_at` text NOT NULL,
	`retracted_by` text NOT NULL,
	FOREIGN KEY (`outcome_id`) REFERENCES `outcomes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retracted_by`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`kind` text NOT NULL,
	`employer_id` text,
	`sector` text,
	`contract_type` text,
	`hours_per_week` real,
	`started_on` text,
	`months` integer,
	`checked_on` text,
	`job_outcome_id` text,
	`programme` text,
	`level` text,
	`corrects` text,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_outcome_id`) REFERENCES `outcomes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`corrects`) REFERENCES `outcomes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcomes_participant_idx` ON `outcomes` (`participant_id`,`recorded_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outcomes_corrects_uq` ON `outcomes` (`corrects`) WHERE corrects is not null;