CREATE TABLE `issuer_logos` (
	`issuer_id` text PRIMARY KEY NOT NULL,
	`svg` text NOT NULL,
	`updated_at` text NOT NULL
);
