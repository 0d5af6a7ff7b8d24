package analytics.domain;

/** What an alarm does besides being seen: only {@link #CRITICAL} closes the intake gate. */
public enum Severity {
    /** shown, logged and exported; nothing else */
    WARNING,
    /** hand-overs of the order service the alarm names are shed to a configured rate (429) */
    SHED,
    /** new hand-overs are refused (503) until the alarm clears */
    CRITICAL
}
