package dev.taskmill.domain;

/** What one cell of the conflict matrix says about a new call beside an earlier task. */
public enum ConflictOutcome {
    ACCEPTED, POSTPONED, REJECTED
}
