CREATE TABLE `completions` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`module_version_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`completed_on` text NOT NULL,
	`assessment` text NOT NULL,
	`host_company` text,
	`workplace_attestation` text,
	`evidence_url` text,
	`result` text,
	`external_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`voided_at` text,
	`void_reason` text,
	`voided_by` text,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `completions_participant_idx` ON `completions` (`participant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_provider_external_uq` ON `completions` (`provider_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`purpose` text NOT NULL,
	`organisation_id` text,
	`given` integer NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_participant_idx` ON `consents` (`participant_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `domain_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subject_id` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	`handled_at` text
);
--> statement-breakpoint
CREATE INDEX `domain_events_unhandled_idx` ON `domain_events` (`handled_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `participant_references` (
	`organisation_id` text NOT NULL,
	`reference` text NOT NULL,
	`participant_id` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `reference`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_references_one_per_org_uq` ON `participant_references` (`participant_id`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`region_id` text NOT NULL,
	`display_name` text NOT NULL,
	`contact_email` text,
	`contact_phone` text,
	`enrolled_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enrolled_by`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participants_region_idx` ON `participants` (`region_id`,`created_at`,`id`);