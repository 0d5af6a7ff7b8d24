package platform.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.web.*}: limits of the HTTP API.
 *
 * @param maxRequestBody largest request body accepted; larger ones get 413 {@code body-too-large}
 * @param maxAdminRequestBody the same under {@code /admin/}, where whole rule sets are sent
 */
@ConfigurationProperties("relay.web")
@Validated
public record WebProperties(@NotNull @DefaultValue("16KB") DataSize maxRequestBody,
        @NotNull @DefaultValue("1MB") DataSize maxAdminRequestBody) {

    public WebProperties {
        if (maxRequestBody != null && maxRequestBody.toBytes() <= 0
                || maxAdminRequestBody != null && maxAdminRequestBody.toBytes() <= 0) {
            throw new IllegalArgumentException("relay.web.max-request-body and max-admin-request-body must be "
                    + "positive sizes such as 16KB");
        }
    }
}
