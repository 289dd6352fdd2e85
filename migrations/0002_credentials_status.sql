CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`issuer_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_ref` text NOT NULL,
	`document` text NOT NULL,
	`jwt` text NOT NULL,
	`status_list_id` text NOT NULL,
	`status_index` integer NOT NULL,
	`issued_at` text NOT NULL,
	`revoked_at` text,
	`revocation_reason` text,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credentials_participant_idx` ON `credentials` (`participant_id`,`kind`,`subject_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_status_uq` ON `credentials` (`status_list_id`,`status_index`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`alg` text NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` text NOT NULL,
	`retired_at` text
);
--> statement-breakpoint
CREATE INDEX `signing_keys_issuer_idx` ON `signing_keys` (`issuer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `status_entries` (
	`list_id` text NOT NULL,
	`status_index` integer NOT NULL,
	`credential_id` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `status_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_entries_list_index_uq` ON `status_entries` (`list_id`,`status_index`);--> statement-breakpoint
CREATE TABLE `status_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer_id` text NOT NULL,
	`purpose` text NOT NULL,
	`size` integer NOT NULL,
	`used` integer NOT NULL,
	`bits` blob NOT NULL,
	`version` integer NOT NULL,
	`signed_version` integer,
	`signed_jwt` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `status_lists_issuer_idx` ON `status_lists` (`issuer_id`,`purpose`);