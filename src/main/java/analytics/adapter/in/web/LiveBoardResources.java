package analytics.adapter.in.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The only static files the service serves: the live board's page, script and style ({@code /board/**}) and its
 * chart library from its WebJar ({@code /webjars/**}, version-less through webjars-locator-lite). Registered here
 * instead of through Boot's resource mapping ({@code spring.web.resources.add-mappings=false}), whose pattern
 * handler would also serve every jar's {@code META-INF/resources} and a {@code static/} or {@code public/} folder in
 * the working directory under the same prefix.
 */
@Configuration(proxyBeanMethods = false)
class LiveBoardResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/board/**").addResourceLocations("classpath:/static/board/");
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true).addResolver(new LiteWebJarsResourceResolver());
    }
}
