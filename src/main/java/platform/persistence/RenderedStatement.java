package platform.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jspecify.annotations.Nullable;

/**
 * A statement built with jOOQ's DSL and rendered once, for a persistence adapter to run many times through Spring's
 * {@code JdbcOperations}, binding each value at the position jOOQ gave the parameter of that name. jOOQ renders a
 * statement's SQL again on every execution and runs it through its execution context; its manual advises, for
 * statements run many times, to cache the SQL it generates and prepare your own statements ("Performance
 * considerations"). On the write path that was about a quarter of the request threads' CPU (docs/benchmarks.md,
 * "The write path's SQL rendered once"). Positions come from jOOQ, never from counting by hand, so a dialect that
 * orders clauses differently ({@code LIMIT ? OFFSET ?} in MySQL's, {@code OFFSET ? ROWS FETCH NEXT ? ROWS ONLY} in
 * MariaDB's) or a reordered column list binds every value where it belongs.
 */
public final class RenderedStatement {

    private final String sql;
    private final Map<String, Integer> positions;

    private RenderedStatement(String sql, Map<String, Integer> positions) {
        this.sql = sql;
        this.positions = positions;
    }

    /**
     * Every parameter of {@code query} must be named ({@code DSL.param(name, type)}), each name used once: a value
     * given with {@code DSL.val} has no name to bind it by, and one given with {@code DSL.inline} would be rendered
     * into the SQL once, for every execution.
     */
    public static RenderedStatement of(Query query) {
        Map<String, Param<?>> params = query.getParams();
        String sql = query.getSQL(ParamType.INDEXED);
        for (Param<?> param : params.values()) {
            if (param.isInline() || param.getParamName() == null || param.getParamName().isBlank()) {
                throw new IllegalArgumentException("a rendered statement binds values by name, but "
                        + (param.isInline() ? "the inline value " : "the unnamed value ") + param + " has none in "
                        + sql);
            }
        }
        // jOOQ lists the parameters in the order it renders their placeholders; a name used twice would be one
        // entry for two placeholders and the second would never be bound.
        List<String> names = List.copyOf(params.keySet());
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != names.size()) {
            throw new IllegalArgumentException("each parameter of a rendered statement needs a name of its own, but "
                    + names.size() + " names " + names + " meet " + placeholders + " placeholders in " + sql);
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i + 1);
        }
        return new RenderedStatement(sql, Map.copyOf(positions));
    }

    public String sql() {
        return sql;
    }

    /** The JDBC position of the parameter named after {@code column}. */
    public int at(Field<?> column) {
        return at(column.getName());
    }

    /** The JDBC position of the parameter named {@code name}. */
    public int at(String name) {
        Integer position = positions.get(name);
        if (position == null) {
            throw new IllegalArgumentException("no parameter " + name + " in " + sql);
        }
        return position;
    }

    /** As jOOQ binds a {@code LocalDateTime}: {@code Timestamp.valueOf}, then {@code setTimestamp}. */
    public static void setTimestamp(PreparedStatement statement, int position, @Nullable LocalDateTime value)
            throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(position, Timestamp.valueOf(value));
        }
    }

    /** An instant as its UTC wall-clock time, bound as {@link #setTimestamp(PreparedStatement, int, LocalDateTime)}. */
    public static void setTimestamp(PreparedStatement statement, int position, @Nullable Instant value)
            throws SQLException {
        setTimestamp(statement, position, value == null ? null : LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    /** As jOOQ reads a {@code LocalDateTime}: {@code getTimestamp}, then {@code toLocalDateTime}. */
    public static @Nullable LocalDateTime getTimestamp(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toLocalDateTime();
    }
}
