package platform.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.Field;
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

    /** Every parameter of {@code query} must be named ({@code DSL.param(name, type)}), each name used once. */
    public static RenderedStatement of(Query query) {
        List<String> names = List.copyOf(query.getParams().keySet());
        String sql = query.getSQL(ParamType.INDEXED);
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != names.size()) {
            throw new IllegalArgumentException("every parameter of a rendered statement needs a name of its own: "
                    + names + " for " + placeholders + " placeholders in " + sql);
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

    /** As jOOQ reads a {@code LocalDateTime}: {@code getTimestamp}, then {@code toLocalDateTime}. */
    public static @Nullable LocalDateTime getTimestamp(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toLocalDateTime();
    }
}
