package outbox.adapter.in.cdc;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link CdcConnectionMisconfiguredException} into Boot's short "APPLICATION FAILED TO START" report. */
class CdcConnectionFailureAnalyzer extends AbstractFailureAnalyzer<CdcConnectionMisconfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CdcConnectionMisconfiguredException cause) {
        return new FailureAnalysis(String.valueOf(cause.getMessage()), cause.action(), cause);
    }
}
