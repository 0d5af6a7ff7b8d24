package platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;

import platform.persistence.CommitOutcomeUnknownException;
import platform.persistence.OutcomeAwareTransactionTemplate;
import platform.persistence.OutcomeAwareTransactionTemplateUnitTest;

/** "Nothing was changed" only when that is known; otherwise the answer says the change may have been applied. */
class GlobalProblemsUnitTest {

    final GlobalProblems problems = new GlobalProblems();

    @Test
    void aCommitWithoutAnswerMayHaveBeenApplied() {
        ProblemDetail problem = problems.unexpected(new CommitOutcomeUnknownException(
                new DataAccessResourceFailureException("Communications link failure")), post());

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getType().toString()).isEqualTo(Problems.TYPE_PREFIX + "outcome-unknown");
        assertThat(problem.getDetail()).contains("may have been applied").contains("safe")
                .doesNotContain("nothing was changed");
    }

    @Test
    void aFailureOfAChangeThatIsNotKnownToHaveRolledBackMayHaveBeenApplied() {
        ProblemDetail problem = problems.unexpected(new IllegalStateException("after the commit"), post());

        assertThat(problem.getType().toString()).isEqualTo(Problems.TYPE_PREFIX + "outcome-unknown");
        assertThat(problem.getDetail()).doesNotContain("nothing was changed");
    }

    @Test
    void aRolledBackTransactionChangedNothing() {
        var transactions = new OutcomeAwareTransactionTemplateUnitTest.Transactions();
        Exception rolledBack = null;
        try {
            new OutcomeAwareTransactionTemplate(transactions).execute(status -> {
                throw new DataIntegrityViolationException("duplicate key");
            });
        } catch (DataIntegrityViolationException e) {
            rolledBack = e;
        }

        ProblemDetail problem = problems.unexpected(rolledBack, post());

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType().toString()).isEqualTo(Problems.TYPE_PREFIX + "internal-error");
        assertThat(problem.getDetail()).contains("nothing was changed");
    }

    @Test
    void noConnectionAtAllOrAReadChangedNothing() {
        ProblemDetail noConnection = problems.unexpected(new CannotGetJdbcConnectionException("pool exhausted"),
                post());
        assertThat(noConnection.getStatus()).isEqualTo(503);
        assertThat(noConnection.getDetail()).contains("nothing was changed");

        ProblemDetail read = problems.unexpected(new IllegalStateException("boom"),
                new MockHttpServletRequest("GET", "/deliveries/x"));
        assertThat(read.getDetail()).contains("nothing was changed");
    }

    private static MockHttpServletRequest post() {
        return new MockHttpServletRequest("POST", "/deliveries/x/assign-rider");
    }
}
