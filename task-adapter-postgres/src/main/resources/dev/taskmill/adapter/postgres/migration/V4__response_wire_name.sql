-- A task's response is stored by its wire name ('accepted', 'postponed'), as its state is.
UPDATE task SET response = lower(response) WHERE response <> lower(response);
