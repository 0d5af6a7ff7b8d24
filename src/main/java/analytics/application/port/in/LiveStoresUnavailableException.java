package analytics.application.port.in;

/** The live stores cannot answer now (restoring, rebalancing, not started, failed); worth retrying later. */
public class LiveStoresUnavailableException extends RuntimeException {

    public LiveStoresUnavailableException(String reason) {
        super(reason);
    }

    public LiveStoresUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
