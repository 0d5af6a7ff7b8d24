package platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** A failure before the commit is known to have changed nothing; a failed commit is not. */
public class OutcomeAwareTransactionTemplateUnitTest {

    /** A transaction manager whose commit can be made to fail as a broken connection does. */
    public static final class Transactions extends AbstractPlatformTransactionManager {
        boolean commitFails;
        int commits;
        int rollbacks;

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (commitFails) {
                throw new DataAccessResourceFailureException("Communications link failure during commit");
            }
            commits++;
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            rollbacks++;
        }
    }

    final Transactions transactions = new Transactions();
    final OutcomeAwareTransactionTemplate template = new OutcomeAwareTransactionTemplate(transactions);

    @Test
    void aFailureInsideTheTransactionIsRolledBackAndSaysSo() {
        Throwable failure = catchThrowable(() -> template.execute((TransactionStatus status) -> {
            throw new DataIntegrityViolationException("duplicate key");
        }));

        assertThat(failure).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(RolledBack.isMarked(failure)).isTrue();
        assertThat(transactions.rollbacks).isOne();
        assertThat(transactions.commits).isZero();
    }

    @Test
    void aCommitWithoutAnAnswerHasAnUnknownOutcome() {
        transactions.commitFails = true;

        Throwable failure = catchThrowable(() -> template.execute(status -> "changed"));

        assertThat(failure).isInstanceOf(CommitOutcomeUnknownException.class)
                .hasCauseInstanceOf(DataAccessResourceFailureException.class);
        assertThat(RolledBack.isMarked(failure)).isFalse();
    }

    @Test
    void aSuccessfulTransactionReturnsItsResult() {
        String result = template.execute(status -> "changed");
        assertThat(result).isEqualTo("changed");
        assertThat(transactions.commits).isOne();
    }
}
