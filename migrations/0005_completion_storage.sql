DROP INDEX `completions_participant_idx`;--> statement-breakpoint
CREATE INDEX `completions_participant_idx` ON `completions` (`participant_id`,`unit_id`) WHERE voided_at is null;--> statement-breakpoint
ALTER TABLE `completions` DROP COLUMN `fingerprint`;