package platform.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link HttpUsersMisconfiguredException} into Boot's short "APPLICATION FAILED TO START" report. */
class HttpUsersFailureAnalyzer extends AbstractFailureAnalyzer<HttpUsersMisconfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HttpUsersMisconfiguredException cause) {
        return new FailureAnalysis(String.valueOf(cause.getMessage()), cause.action(), cause);
    }
}
