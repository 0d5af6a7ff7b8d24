package platform.web;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Lets Spring MVC write the {@link ProblemDetail}s its exception handlers return through {@link ProblemRenderer},
 * the same component filters and the security chain use. Registered ahead of the JSON converter; it only writes.
 */
final class ProblemDetailMessageConverter extends AbstractHttpMessageConverter<ProblemDetail> {

    private final ProblemRenderer renderer;

    ProblemDetailMessageConverter(ProblemRenderer renderer) {
        super(MediaType.APPLICATION_PROBLEM_JSON, MediaType.APPLICATION_JSON);
        this.renderer = renderer;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return ProblemDetail.class.isAssignableFrom(type);
    }

    @Override
    public boolean canRead(Class<?> type, @org.jspecify.annotations.Nullable MediaType mediaType) {
        return false;
    }

    @Override
    public List<MediaType> getSupportedMediaTypes(Class<?> type) {
        return supports(type) ? getSupportedMediaTypes() : List.of();
    }

    @Override
    protected ProblemDetail readInternal(Class<? extends ProblemDetail> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("problem details are only written", input);
    }

    @Override
    protected void writeInternal(ProblemDetail problem, HttpOutputMessage output) throws IOException {
        output.getBody().write(renderer.toJson(problem));
    }
}
