-- Intentionally empty: number 010 belongs to a change developed alongside 011. Migrations must run without
-- gaps; when the real 010 is present, this file is dropped in its favour.
SELECT 1;
