package platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The OpenAPI 3.1 document springdoc builds from the controllers, completed with what it cannot see: HTTP Basic
 * security, and every problem an operation can answer. Problems come from three places: those any operation can
 * answer (401, 403, 406, 500 ...), those that follow from its shape (a body: 400 {@code malformed-request}, 413,
 * 415; an {@code If-Match}: 400 {@code malformed-if-match}), and its own, declared with {@link ProblemResponse}.
 * Each problem response names its possible {@code type}s in the schema ({@code enum}).
 *
 * <p>The committed copy is {@code docs/contracts/openapi.json}; {@code OpenApiContractIntegrationTest} fails when
 * the served document differs from it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String BASIC = "basic";

    static final String DESCRIPTION = """
            Delivery relay: order services hand deliveries over and report their progress; operators set the \
            routing rules.

            Every request needs HTTP Basic credentials except the health and Prometheus endpoints. Every error is \
            an RFC 9457 problem (`application/problem+json`) whose `type` is `urn:delivery-relay:problem:<name>`; \
            each operation lists the types it can answer. On a documented path, a method that is not documented \
            answers 405 `method-not-allowed` with the path's methods in `Allow`; a path that is not documented \
            answers 404 `not-found` (401/403 first when the caller may not reach it), and a path that is not in \
            canonical form (`..`, `//`, `;` parameters, encoded `/`) 400 `rejected-request`. Requests and answers \
            are JSON (`application/json`) only.""";

    /**
     * Servers given here keep springdoc from adding the URL each request came in on (a random port in tests), so
     * the document is the same wherever it is served.
     */
    @Bean
    OpenAPI relayOpenApi() {
        return new OpenAPI().info(new Info().title("Delivery Relay API").version("1").description(DESCRIPTION))
                .servers(List.of(new Server().url("/").description("this service")));
    }

    @Bean
    OpenApiCustomizer relayDocument() {
        return openApi -> {
            openApi.info(new Info().title("Delivery Relay API").version("1").description(DESCRIPTION));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
            components.addSchemas(PROBLEM, problemSchema());
            openApi.components(components);
            if (openApi.getPaths() != null) {
                openActuatorEndpoints(openApi.getPaths());
                // a stable order, so that the committed document only changes when the API does
                openApi.setPaths(sorted(openApi.getPaths()));
            }
        };
    }

    /**
     * Health and Prometheus need no credentials (load balancers, scrapers): no 403, no security requirement. Health
     * answers 503 with its JSON when DOWN, and has a path per group and component ({@code /actuator/health/db},
     * {@code /actuator/health/outboxRelay/outbox_delivery_3}, {@code /actuator/health/relay/outboxRelay/...}), which
     * springdoc does not list: added here with one, two and three path variables.
     */
    private static void openActuatorEndpoints(io.swagger.v3.oas.models.Paths paths) {
        paths.forEach((path, item) -> {
            if (path.startsWith("/actuator/health") || path.equals("/actuator/prometheus")) {
                item.readOperations().forEach(operation -> {
                    operation.setSecurity(null);
                    operation.getResponses().remove("403");
                });
            }
        });
        io.swagger.v3.oas.models.PathItem health = paths.get("/actuator/health");
        if (health == null || health.getGet() == null) {
            return;
        }
        Operation get = health.getGet();
        ApiResponse down = get.getResponses().get("503");
        if (down != null) {
            down.description("DOWN or OUT_OF_SERVICE (health JSON), or the service is unavailable (problem)");
            down.getContent().addMediaType(MediaType.APPLICATION_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
                    .schema(new JsonSchema().types(Set.of("object"))));
        }
        paths.addPathItem("/actuator/health/{component}", new io.swagger.v3.oas.models.PathItem().get(
                copy(get, "healthComponent", List.of("component"))));
        paths.addPathItem("/actuator/health/{component}/{instance}", new io.swagger.v3.oas.models.PathItem().get(
                copy(get, "healthComponentInstance", List.of("component", "instance"))));
        // a component of a group: /actuator/health/relay/outboxRelay/outbox_delivery_3
        paths.addPathItem("/actuator/health/{group}/{component}/{instance}", new io.swagger.v3.oas.models.PathItem()
                .get(copy(get, "healthGroupComponentInstance", List.of("group", "component", "instance"))));
    }

    private static Operation copy(Operation get, String operationId, List<String> variables) {
        Operation copy = new Operation().operationId(operationId).summary("Health of one group or component")
                .responses(get.getResponses()).security(get.getSecurity()).tags(get.getTags());
        for (String variable : variables) {
            copy.addParametersItem(new Parameter().in("path").name(variable).required(true)
                    .schema(new JsonSchema().types(Set.of("string"))));
        }
        return copy;
    }

    /** Problems of every operation; springdoc calls it with the controller method behind the operation. */
    @Bean
    GlobalOperationCustomizer documentedProblems() {
        return (operation, handler) -> {
            document(operation, handler);
            return operation;
        };
    }

    private static void document(Operation operation, HandlerMethod handler) {
        Map<String, Problems> problems = new TreeMap<>();
        boolean open = isOpen(handler);
        boolean changes = operation.getRequestBody() != null || isChange(handler);
        add(problems, 400, "rejected-request", "The request is refused");
        add(problems, 401, "unauthenticated", "No or wrong credentials");
        if (!open) {
            add(problems, 403, "forbidden", "The user's roles do not allow this");
            operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC)));
        }
        add(problems, 406, "not-acceptable", "Only JSON answers are available");
        add(problems, 500, "internal-error", "The service failed");
        add(problems, 503, "unavailable", "The service or its database is unavailable");
        if (changes) {
            add(problems, 500, "outcome-unknown", "The service failed");
            add(problems, 503, "outcome-unknown", "The service or its database is unavailable");
        }
        if (operation.getRequestBody() != null) {
            add(problems, 400, "malformed-request", "The request is refused");
            add(problems, 413, "body-too-large", "The body is larger than accepted");
            add(problems, 415, "unsupported-media-type", "The body is not JSON");
        }
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if ("header".equals(parameter.getIn()) && HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName())) {
                    add(problems, 400, "malformed-if-match", "The request is refused");
                } else if (!"header".equals(parameter.getIn())) {
                    add(problems, 400, "invalid-request", "The request is refused");
                }
            }
        }
        for (ProblemResponse declared : handler.getMethod().getAnnotationsByType(ProblemResponse.class)) {
            for (String type : declared.types()) {
                add(problems, declared.status(), type, declared.description());
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        problems.forEach((status, problem) -> {
            ApiResponse response = responses.get(status);
            if (response == null) {
                response = new ApiResponse().description(problem.description());
                responses.addApiResponse(status, response);
            }
            Content content = response.getContent() == null ? new Content() : response.getContent();
            content.addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new io.swagger.v3.oas.models.media.MediaType().schema(problem.schema()));
            response.setContent(content);
        });
        operation.setResponses(sorted(responses));
    }

    /** Health and Prometheus are open to load balancers and scrapers (see the security configuration). */
    private static boolean isOpen(HandlerMethod handler) {
        String type = handler.getBeanType().getName();
        return type.contains("Health") || type.contains("Prometheus") || type.contains("Metrics")
                && handler.getMethod().getName().contains("scrape");
    }

    private static boolean isChange(HandlerMethod handler) {
        return handler.hasMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class)
                || handler.hasMethodAnnotation(org.springframework.web.bind.annotation.PutMapping.class);
    }

    private static void add(Map<String, Problems> problems, int status, String type, String description) {
        problems.computeIfAbsent(String.valueOf(status), s -> new Problems(description)).types().add(type);
    }

    private record Problems(String description, Set<String> types) {
        Problems(String description) {
            this(description, new LinkedHashSet<>());
        }

        Schema<?> schema() {
            List<String> names = new ArrayList<>(types);
            names.sort(null);
            Schema<Object> type = new JsonSchema().types(Set.of("string")).format("uri");
            type.setEnum(new ArrayList<>(names.stream().map(name -> (Object) (Problems.TYPE_PREFIX + name)).toList()));
            return new JsonSchema().allOf(List.of(new JsonSchema().$ref("#/components/schemas/" + PROBLEM),
                    new JsonSchema().types(Set.of("object")).properties(Map.of("type", type))));
        }

        private static final String TYPE_PREFIX = platform.web.Problems.TYPE_PREFIX;
    }

    /** RFC 9457's members, and the lists some problems add. */
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new JsonSchema().types(Set.of("string")).format("uri")
                .description("urn:delivery-relay:problem:<name>"));
        properties.put("title", new JsonSchema().types(Set.of("string")));
        properties.put("status", new JsonSchema().types(Set.of("integer")).format("int32"));
        properties.put("detail", new JsonSchema().types(Set.of("string")));
        properties.put("instance", new JsonSchema().types(Set.of("string")).format("uri-reference"));
        Schema<?> fieldError = new JsonSchema().types(Set.of("object"))
                .properties(Map.of("field", new JsonSchema().types(Set.of("string")),
                        "message", new JsonSchema().types(Set.of("string"))));
        properties.put("errors", new JsonSchema().types(Set.of("array")).items(fieldError)
                .description("invalid-request: every invalid field"));
        Schema<?> violation = new JsonSchema().types(Set.of("object"))
                .properties(Map.of("path", new JsonSchema().types(Set.of("string")),
                        "message", new JsonSchema().types(Set.of("string"))));
        properties.put("violations", new JsonSchema().types(Set.of("array")).items(violation)
                .description("invalid-rule-set: every violation, with its path in the rule set"));
        return new JsonSchema().types(Set.of("object")).properties(new TreeMap<>(properties))
                .required(List.of("type", "title", "status"))
                .description("An RFC 9457 problem detail; further members depend on the type.");
    }

    private static io.swagger.v3.oas.models.Paths sorted(io.swagger.v3.oas.models.Paths paths) {
        io.swagger.v3.oas.models.Paths sorted = new io.swagger.v3.oas.models.Paths();
        new TreeMap<>(paths).forEach(sorted::addPathItem);
        sorted.setExtensions(paths.getExtensions());
        return sorted;
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        return sorted;
    }
}
