DROP INDEX `domain_events_unhandled_idx`;--> statement-breakpoint
CREATE INDEX `domain_events_unhandled_idx` ON `domain_events` (`created_at`,`id`) WHERE handled_at is null;