package platform.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP API's plumbing shared by every module: JSON only (strictly read), body limits, problem details from
 * every layer, and TRACE answered like any other unsupported method.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WebConfiguration {

    /** media types the API neither reads nor writes, although their converters would be on the classpath */
    private static final List<MediaType> NOT_SPOKEN = List.of(MediaType.APPLICATION_YAML, MediaType.APPLICATION_XML,
            MediaType.TEXT_XML, MediaType.valueOf("application/x-jackson-smile"), MediaType.valueOf("application/cbor"));

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(WebProperties properties,
            ProblemRenderer problems) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(
                properties.maxRequestBody().toBytes(), "/admin/", properties.maxAdminRequestBody().toBytes(),
                problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    JsonMapperBuilderCustomizer strictApiJson() {
        return StrictApiJson::configure;
    }

    @Bean
    WebMvcConfigurer jsonOnly(ProblemRenderer problems) {
        return new WebMvcConfigurer() {
            @Override
            public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
                // Kafka's broker brings Jackson 2's YAML module, and Spring registers a YAML converter whenever it
                // is present: the API would silently read and write YAML. JSON is the only documented format.
                converters.addCustomConverter(new ProblemDetailMessageConverter(problems))
                        .configureMessageConvertersList(list -> list.removeIf(WebConfiguration::speaksOtherFormats));
            }
        };
    }

    private static boolean speaksOtherFormats(HttpMessageConverter<?> converter) {
        // concrete types only: the byte[] and String converters list */* and must stay
        return converter.getSupportedMediaTypes().stream().filter(type -> !type.isWildcardType())
                .anyMatch(type -> NOT_SPOKEN.stream().anyMatch(type::equalsTypeAndSubtype));
    }

    /**
     * Spring MVC answers TRACE like any method a path does not have: 405 with the path's methods. Spring's own
     * dispatcher, even with {@code dispatchTraceRequest}, falls back to echoing the request after it has answered.
     */
    @Bean(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet() {
        return new DispatcherServlet() {
            @Override
            protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                    throws ServletException, IOException {
                processRequest(request, response);
            }
        };
    }

    /**
     * Tomcat answers TRACE itself by default, with an {@code Allow} header listing every method the dispatcher
     * servlet implements, whatever the path. Let it through so that Spring MVC answers 405 with the path's methods.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceReachesTheApplication() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setAllowTrace(true);
            // Tomcat would refuse an encoded '/' itself, with an HTML page; passed through, Spring Security's
            // firewall refuses it as a problem like every other path that is not in canonical form
            connector.setEncodedSolidusHandling("passthrough");
        });
    }
}
