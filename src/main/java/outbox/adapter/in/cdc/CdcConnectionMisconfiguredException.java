package outbox.adapter.in.cdc;

/** The binlog readers' connection cannot work as configured; start-up stops with {@link #action()}. */
class CdcConnectionMisconfiguredException extends IllegalStateException {

    private final String action;

    CdcConnectionMisconfiguredException(String message, String action) {
        super(message);
        this.action = action;
    }

    String action() {
        return action;
    }
}
