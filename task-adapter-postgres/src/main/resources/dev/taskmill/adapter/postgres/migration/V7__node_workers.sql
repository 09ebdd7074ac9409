-- How many tasks each server runs at once, for the status page's list of workers.
ALTER TABLE node ADD COLUMN workers integer NOT NULL DEFAULT 0;
