package platform.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run by Maven after all integration tests ({@code verify} phase): every exchange the tests saw over HTTP
 * ({@link platform.HttpObservations}) must be described by the committed OpenAPI document. For a path that matches
 * a documented template, its method's documented responses must include the status; a method the path does not
 * have may only have answered 405 (or 401/403/400, which the security chain answers before any routing); a path
 * that matches no template may only have answered 404, 401, 403 or 400, as the document's description says. The
 * document itself and Swagger UI are not described by the document.
 *
 * <p>A failure lists each missing (method, path template, status): document it (a {@code @ProblemResponse} or
 * {@code @ApiResponse} on the controller method) and regenerate {@code docs/contracts/openapi.json} (see
 * {@code OpenApiContractIntegrationTest}).
 */
public final class OpenApiCoverageCheck {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<Integer> BEFORE_ROUTING = Set.of(400, 401, 403);

    private OpenApiCoverageCheck() {
    }

    public static void main(String[] args) throws IOException {
        List<String> missing = check(Path.of(args[0]), Path.of(args[1]));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The integration tests saw " + missing.size() + " answer(s) the OpenAPI "
                    + "document " + args[0] + " does not describe:\n  " + String.join("\n  ", missing));
        }
    }

    static List<String> check(Path document, Path observations) throws IOException {
        JsonNode paths = JsonMapper.builder().build().readTree(document.toFile()).path("paths");
        List<Template> templates = new ArrayList<>();
        paths.properties().forEach(entry -> templates.add(Template.of(entry.getKey(), entry.getValue())));
        // literal segments before variables, so /versions is not taken for /{version}
        templates.sort(Comparator.comparingInt(Template::variables));

        Set<String> missing = new TreeSet<>();
        int seen = 0;
        if (Files.isDirectory(observations)) {
            try (Stream<Path> files = Files.list(observations)) {
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        String[] parts = line.split(" ");
                        if (parts.length != 3) {
                            continue;
                        }
                        seen++;
                        String problem = explain(templates, parts[0].toLowerCase(Locale.ROOT), parts[1],
                                Integer.parseInt(parts[2]));
                        if (problem != null) {
                            missing.add(problem);
                        }
                    }
                }
            }
        }
        System.out.printf("OpenAPI coverage: %d HTTP exchanges of the integration tests checked against %s; %d not "
                + "described%n", seen, document, missing.size());
        return List.copyOf(missing);
    }

    private static @Nullable String explain(List<Template> templates, String method, String path, int status) {
        // the document's own endpoints, and static files (the live board's page, script and style, its WebJar):
        // not API operations
        if (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui")
                || method.equalsIgnoreCase("get") && (path.startsWith("/webjars/") || path.startsWith("/board/")
                        && path.substring("/board/".length()).contains("."))) {
            return null;
        }
        Template template = templates.stream().filter(t -> t.matches(path)).findFirst().orElse(null);
        if (template == null) {
            return status == 404 || BEFORE_ROUTING.contains(status) ? null
                    : method.toUpperCase(Locale.ROOT) + " " + path + " (no documented path) answered " + status;
        }
        JsonNode operation = template.item().path(method);
        if (operation.isMissingNode() || !METHODS.contains(method)) {
            return status == 405 || BEFORE_ROUTING.contains(status) ? null
                    : method.toUpperCase(Locale.ROOT) + " " + template.path() + " (method not documented) answered "
                            + status;
        }
        JsonNode responses = operation.path("responses");
        return responses.has(String.valueOf(status)) || responses.has(status / 100 + "XX") ? null
                : method.toUpperCase(Locale.ROOT) + " " + template.path() + " " + status;
    }

    private record Template(String path, Pattern pattern, int variables, JsonNode item) {

        static Template of(String path, JsonNode item) {
            StringBuilder regex = new StringBuilder();
            int variables = 0;
            for (String segment : path.substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.equals("**")) {
                    regex.append(".*");
                    variables += 100;
                } else if (segment.startsWith("{*")) {
                    regex.append(".*");
                    variables += 100;
                } else if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                    variables++;
                } else {
                    regex.append(Pattern.quote(segment));
                }
            }
            return new Template(path, Pattern.compile(regex.toString()), variables, item);
        }

        boolean matches(String rawPath) {
            return pattern.matcher(rawPath).matches();
        }
    }
}
