DROP INDEX `completions_participant_idx`;--> statement-breakpoint
CREATE INDEX `completions_participant_idx` ON `completions` (`participant_id`,`module_version_id`,`unit_id`,`voided_at`);--> statement-breakpoint
CREATE INDEX `domain_events_pending_idx` ON `domain_events` (`subject_id`,`type`) WHERE handled_at is null;