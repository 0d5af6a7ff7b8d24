package platform.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link EmbeddedStartupException} into Boot's short "APPLICATION FAILED TO START" report. */
class EmbeddedStartupFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedStartupException cause) {
        return new FailureAnalysis(String.valueOf(cause.getMessage()), cause.action(), cause);
    }
}
