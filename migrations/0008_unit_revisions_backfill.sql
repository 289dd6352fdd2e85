-- Units made before revisions existed: a unit keeps the revision of the earliest version that
-- had the same key with the same skills; each new set of skills for a key starts the next revision.
WITH `unit_sets` AS (
  SELECT u.`id`, v.`module_id`, u.`key`, v.`version`,
    coalesce((SELECT group_concat(s.`skill_id`, ',' ORDER BY s.`skill_id`) FROM `unit_skills` s WHERE s.`unit_id` = u.`id`), '') AS `skill_set`
  FROM `units` u JOIN `module_versions` v ON v.`id` = u.`module_version_id`
), `first_seen` AS (
  SELECT `module_id`, `key`, `skill_set`, min(`version`) AS `first_version` FROM `unit_sets` GROUP BY `module_id`, `key`, `skill_set`
), `numbered` AS (
  SELECT `module_id`, `key`, `skill_set`, row_number() OVER (PARTITION BY `module_id`, `key` ORDER BY `first_version`) AS `revision` FROM `first_seen`
)
UPDATE `units` SET `revision` = (
  SELECT n.`revision` FROM `unit_sets` us JOIN `numbered` n
    ON n.`module_id` = us.`module_id` AND n.`key` = us.`key` AND n.`skill_set` = us.`skill_set`
  WHERE us.`id` = `units`.`id`
);
