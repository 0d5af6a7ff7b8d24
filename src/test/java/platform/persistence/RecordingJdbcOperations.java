package platform.persistence;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link JdbcTemplate} without a database for unit tests of the persistence adapters: it records the SQL of each
 * update and query and the value each parameter index was given, and fails a statement whose placeholders are not
 * each set exactly once; queries return no rows, updates one.
 */
public final class RecordingJdbcOperations extends JdbcTemplate {

    public final List<String> statements = new ArrayList<>();
    /** The last statement's parameters by index ({@code null} for a {@code setNull}). */
    public final Map<Integer, Object> parameters = new TreeMap<>();

    @Override
    public int update(String sql, PreparedStatementSetter setter) {
        record(sql, setter);
        return 1;
    }

    @Override
    public <T> List<T> query(String sql, PreparedStatementSetter setter, RowMapper<T> mapper) {
        record(sql, setter);
        return List.of();
    }

    private void record(String sql, PreparedStatementSetter setter) {
        statements.add(sql);
        parameters.clear();
        PreparedStatement recorder = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
                    // only a parameter's setters (index first, then the value or setNull's type); setQueryTimeout,
                    // setFetchSize and the like would otherwise pass for a bound parameter
                    if (!method.getName().startsWith("set") || args == null || args.length < 2
                            || !(args[0] instanceof Integer)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Integer position = (Integer) args[0];
                    if (parameters.containsKey(position)) {
                        throw new AssertionError("parameter " + position + " set twice in " + sql);
                    }
                    parameters.put(position, method.getName().equals("setNull") ? null : args[1]);
                    return null;
                });
        try {
            setter.setValues(recorder);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // every placeholder bound, none beyond them: a value left unset fails only at execution otherwise
        Set<Integer> placeholders = IntStream.rangeClosed(1, (int) sql.chars().filter(c -> c == '?').count())
                .boxed().collect(Collectors.toSet());
        if (!parameters.keySet().equals(placeholders)) {
            throw new AssertionError("parameters " + parameters.keySet() + " set for " + placeholders.size()
                    + " placeholders in " + sql);
        }
    }
}
