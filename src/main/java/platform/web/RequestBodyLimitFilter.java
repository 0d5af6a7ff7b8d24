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
import org.springframework.http.HttpStatus;
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
    private final ProblemRenderer problems;

    /** Operators' requests under {@code adminPrefix} carry whole rule sets and get a larger limit. */
    public RequestBodyLimitFilter(long defaultMaxBytes, String adminPrefix, long adminMaxBytes,
            ProblemRenderer problems) {
        this.defaultMaxBytes = defaultMaxBytes;
        this.adminPrefix = adminPrefix;
        this.adminMaxBytes = adminMaxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = request.getRequestURI().startsWith(adminPrefix) ? adminMaxBytes : defaultMaxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setHeader("Connection", "close");
            problems.write(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                    "The body has " + declared + " bytes; at most " + maxBytes + " are accepted."), request, response);
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
