package platform.persistence;

import java.lang.reflect.UndeclaredThrowableException;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's {@link TransactionTemplate}, with failures sorted by what became of the change:
 * <ul>
 * <li>a failure inside the transaction is rolled back and rethrown as it is, marked {@link RolledBack} (a rollback
 * that cannot reach the server changes nothing either: an uncommitted transaction dies with its connection);</li>
 * <li>a commit that fails without an answer (connection broken, server restarting) becomes
 * {@link CommitOutcomeUnknownException}: the server may have committed before the reply was lost.</li>
 * </ul>
 * The template itself cannot tell these apart for its caller: both surface as the same {@code DataAccessException}.
 */
public class OutcomeAwareTransactionTemplate extends TransactionTemplate {

    public OutcomeAwareTransactionTemplate(PlatformTransactionManager transactionManager) {
        super(transactionManager);
    }

    @Override
    public <T extends @Nullable Object> T execute(TransactionCallback<T> action) throws TransactionException {
        PlatformTransactionManager manager = getTransactionManager();
        if (manager == null) {
            throw new IllegalStateException("No PlatformTransactionManager set");
        }
        TransactionStatus status = manager.getTransaction(this);
        T result;
        try {
            result = action.doInTransaction(status);
        } catch (RuntimeException | Error failure) {
            rollback(manager, status, failure);
            throw failure;
        } catch (Throwable failure) {
            rollback(manager, status, failure);
            throw new UndeclaredThrowableException(failure, "TransactionCallback threw undeclared checked exception");
        }
        try {
            manager.commit(status);
        } catch (UnexpectedRollbackException rolledBack) {
            RolledBack.mark(rolledBack);
            throw rolledBack;
        } catch (RuntimeException commitFailed) {
            throw new CommitOutcomeUnknownException(commitFailed);
        }
        return result;
    }

    private static void rollback(PlatformTransactionManager manager, TransactionStatus status, Throwable failure) {
        try {
            manager.rollback(status);
        } catch (RuntimeException | Error rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
        RolledBack.mark(failure);
    }
}
