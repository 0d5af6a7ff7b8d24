package platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above a limit with 413. Tomcat's own limits cover form posts and headers, not JSON
 * bodies. A declared Content-Length is checked up front; a chunked body is counted as it is read and the
 * overflow surfaces as {@link BodyTooLargeException}, which {@link GlobalProblems} turns into 413.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long defaultMaxBytes;
    private final String adminPrefix;
    private final long adminMaxBytes;

    /** Operators' requests under {@code adminPrefix} carry whole rule sets and get a larger limit. */
    public RequestBodyLimitFilter(long defaultMaxBytes, String adminPrefix, long adminMaxBytes) {
        this.defaultMaxBytes = defaultMaxBytes;
        this.adminPrefix = adminPrefix;
        this.adminMaxBytes = adminMaxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = request.getRequestURI().startsWith(adminPrefix) ? adminMaxBytes : defaultMaxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader("Connection", "close");
            // bytes, not getWriter(): the writer would append a charset to the problem+json media type
            response.getOutputStream().write("""
                    {"type":"urn:delivery-relay:problem:body-too-large","title":"Request body too large",\
                    "status":413,"detail":"The body has %d bytes; at most %d are accepted.","instance":"%s"}"""
                    .formatted(declared, maxBytes, request.getRequestURI().replace("\"", ""))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(declared < 0 ? new CountingRequest(request, maxBytes) : request, response);
    }

    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long maxBytes) {
            super("The request body is larger than " + maxBytes + " bytes");
        }
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private @Nullable ServletInputStream stream;

        CountingRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream counting = stream;
            if (counting == null) {
                ServletInputStream delegate = super.getInputStream();
                counting = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = delegate.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = delegate.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
                stream = counting;
            }
            return counting;
        }
    }
}
