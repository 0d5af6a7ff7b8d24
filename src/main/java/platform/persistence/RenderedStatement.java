package platform.persistence;

import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A statement of fixed shape built with jOOQ's DSL, rendered to SQL once and executed many times with new values.
 *
 * <p>Why: jOOQ renders a query's SQL again on every execution (visiting every quoted, qualified column name), which
 * under HTTP load was 8 % of the request threads' CPU for the write path's four statements (JFR). jOOQ's manual
 * ("Performance considerations") suggests caching the SQL of queries that are reused; jOOQ has no setting for it.
 * Here the statement is still built with the DSL and rendered by the application's {@link DSLContext} (dialect,
 * quoting, schema mapping, as before); it then runs as jOOQ plain SQL whose {@code ?} placeholders are bound as
 * {@link Param}s of the data type the DSL gave each one, so every value is bound exactly as the DSL binds it, and
 * jOOQ's execute listeners (Spring's exception translation included) still apply.
 *
 * <p>Build the statement with {@link #placeholder} for every value, and pass the values in the order of the
 * placeholders in the SQL (for an {@code UPDATE}: the {@code SET} list, then the {@code WHERE} clause).
 */
public final class RenderedStatement {

    private final DSLContext sql;
    private final String text;
    private final List<DataType<?>> parameterTypes;

    private RenderedStatement(DSLContext sql, String text, List<DataType<?>> parameterTypes) {
        this.sql = sql;
        this.text = text;
        this.parameterTypes = parameterTypes;
    }

    /** @param statement a statement whose every value is a {@link #placeholder} */
    public static RenderedStatement of(DSLContext sql, Query statement) {
        // jOOQ names unnamed bind values by their 1-based index, in the order they are bound (rendered)
        List<DataType<?>> types = statement.getParams().values().stream().<DataType<?>>map(Param::getDataType).toList();
        String text = sql.render(statement);
        long placeholders = text.chars().filter(c -> c == '?').count();
        if (placeholders != types.size()) {
            throw new IllegalArgumentException("rendered with " + placeholders + " placeholders for " + types.size()
                    + " bind values (a value inlined or a ? in a literal?): " + text);
        }
        return new RenderedStatement(sql, text, types);
    }

    /** A value to be bound at execution, of the field's data type. */
    public static <T> Param<T> placeholder(org.jooq.Field<T> field) {
        return DSL.val((Object) null, field);
    }

    /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; the number of rows it changed. */
    public int execute(Object... values) {
        return sql.query(text, binds(values)).execute();
    }

    /** Runs a query of all of {@code table}'s columns, in their order, that finds at most one row. */
    public <R extends Record> Optional<R> fetchOptional(Table<R> table, Object... values) {
        return sql.resultQuery(text, binds(values)).coerce(table).fetchOptional();
    }

    /** The SQL as rendered once. */
    public String sql() {
        return text;
    }

    private Object[] binds(Object[] values) {
        if (values.length != parameterTypes.size()) {
            throw new IllegalArgumentException(values.length + " values for " + parameterTypes.size()
                    + " placeholders of " + text);
        }
        QueryPart[] binds = new QueryPart[values.length];
        for (int i = 0; i < values.length; i++) {
            binds[i] = DSL.val(values[i], parameterTypes.get(i));
        }
        return binds;
    }
}
