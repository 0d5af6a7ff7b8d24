package routing.adapter.in.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import platform.web.Problems;
import routing.domain.InvalidRuleSetException;
import routing.domain.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads operators' request bodies refusing unknown fields. The application's JSON is lenient (clients may send
 * more than the API knows), but in a rule set a misspelt key ({@code "windows"}, {@code "orderService"}) would
 * silently drop a condition and route more deliveries by that rule than the operator meant. Such a key, or a value
 * of the wrong type, becomes a listed violation like any other problem of the rule set.
 */
final class StrictJson {

    private final JsonMapper mapper;

    StrictJson(JsonMapper applicationMapper) {
        this.mapper = applicationMapper.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    <T> T read(String body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            throw new InvalidRuleSetException(List.of(new Violation(path(unknown), "unknown field '"
                    + Problems.printable(String.valueOf(unknown.getPropertyName())) + "' (known: " + names(unknown.getKnownPropertyIds()) + ")")));
        } catch (DatabindException | InputCoercionException wrongType) {
            throw new InvalidRuleSetException(List.of(new Violation(path(wrongType),
                    "has a value of the wrong type or format")));
        } catch (StreamReadException notJson) {
            throw new InvalidAdminRequestException("the body is not valid JSON: " + Problems.printable(
                    String.valueOf(notJson.getOriginalMessage())));
        }
    }

    private static String path(JacksonException e) {
        String path = Problems.fieldPath(e);
        // rule set violations are named relative to the rule set, as the compiler names them
        String named = path.startsWith("ruleSet.") ? path.substring("ruleSet.".length()) : path;
        return named.isEmpty() ? "(body)" : named;
    }

    private static List<String> names(Collection<Object> known) {
        List<String> names = new ArrayList<>();
        known.forEach(name -> names.add(String.valueOf(name)));
        names.sort(null);
        return names;
    }
}
