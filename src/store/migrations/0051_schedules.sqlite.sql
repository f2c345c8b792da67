-- Business-hours schedules and their holidays.  intervals is the JSON
-- array of {start_time, end_time} (minutes since Sunday 00:00 in
-- time_zone), sorted and non-overlapping (core/schedule.c checks it).
-- time_zone is stored as the client gave it: an IANA or a Rails name.

CREATE TABLE schedules (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  intervals TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX schedules_account ON schedules(account_id, id);

-- Whole local days off, start_date..end_date inclusive ("YYYY-MM-DD").
CREATE TABLE schedule_holidays (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL
);
CREATE INDEX schedule_holidays_schedule ON schedule_holidays(schedule_id, start_date);
