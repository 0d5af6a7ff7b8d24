package platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A statement is rendered once with the position of each named parameter, and refuses what it could not bind by
 * name: an unnamed value, an inline value, a name used twice.
 */
class RenderedStatementUnitTest {

    static final DSLContext SQL = DSL.using(SQLDialect.MARIADB);
    static final Field<String> A = DSL.field(DSL.name("a"), String.class);
    static final Field<String> B = DSL.field(DSL.name("b"), String.class);

    @Test
    void eachNameIsBoundAtThePositionJooqRenderedItsPlaceholder() {
        RenderedStatement statement = RenderedStatement.of(SQL.selectFrom(DSL.table(DSL.name("t")))
                .where(B.eq(DSL.param("second", String.class)), A.eq(DSL.param("first", String.class))));

        assertThat(statement.sql()).isEqualTo("select * from `t` where (`b` = ? and `a` = ?)");
        assertThat(statement.at("second")).isEqualTo(1);
        assertThat(statement.at("first")).isEqualTo(2);
        assertThatThrownBy(() -> statement.at("third")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameter third");
    }

    @Test
    void anUnnamedValueIsRefused() {
        assertThatThrownBy(() -> RenderedStatement.of(SQL.selectFrom(DSL.table(DSL.name("t")))
                .where(A.eq(DSL.param("a", String.class)), B.eq(DSL.val("x")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the unnamed value");
    }

    @Test
    void anInlineValueIsRefused() {
        assertThatThrownBy(() -> RenderedStatement.of(SQL.selectFrom(DSL.table(DSL.name("t")))
                .where(A.eq(DSL.param("a", String.class)), B.eq(DSL.inline("x")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the inline value");
    }

    @Test
    void aNameUsedTwiceIsRefused() {
        assertThatThrownBy(() -> RenderedStatement.of(SQL.selectFrom(DSL.table(DSL.name("t")))
                .where(A.eq(DSL.param("a", String.class)), B.eq(DSL.param("a", String.class)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 names [a] meet 2 placeholders");
    }
}
