package io.brainstem.web;

import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.ServerTiming;
import io.brainstem.monitor.TraceParent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Applies {@link RequestMonitor} to every HTTP request: notes the start, and just before the response
 * commits (its first byte, a flush, an error page, or the end of the chain) stops the monitor and adds
 * the {@code Server-Timing} and {@code Brainstem-Request} headers. Headers cannot follow a committed
 * response, so the duration is the time to the first byte of the body — for the JSON answers of an agent
 * service, nearly all of it.
 *
 * <p>The caller's W3C {@code traceparent} is honoured (its trace id is kept) or a new trace is started;
 * the trace id is in the summary and in the {@code Brainstem-Trace-Id} response header. The route is the
 * handler's path pattern ({@code /api/v1/samples/{id}}, not the raw path), so per-route statistics stay
 * bounded. Each finished summary goes to {@code sink} (the recent-request log, the emitter).
 */
public final class RequestMonitorFilter extends OncePerRequestFilter {

    /** Request attribute holding the monitor's {@link RequestMonitor.Request}; see {@link RequestMetrics}. */
    static final String ATTRIBUTE = RequestMonitorFilter.class.getName() + ".request";
    public static final String SUMMARY_HEADER = "Brainstem-Request";
    public static final String TRACE_ID_HEADER = "Brainstem-Trace-Id";

    private static final Logger log = LoggerFactory.getLogger(RequestMonitorFilter.class);

    private final RequestMonitor monitor;
    private final Consumer<RequestSummary> sink;

    public RequestMonitorFilter(RequestMonitor monitor, Consumer<RequestSummary> sink) {
        this.monitor = monitor;
        this.sink = sink;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TraceParent trace = TraceParent.forRequest(request.getHeader(TraceParent.HEADER));
        RequestMonitor.Request monitored = monitor.start(request.getMethod(), null, trace.traceId());
        request.setAttribute(ATTRIBUTE, monitored);
        response.setHeader(TRACE_ID_HEADER, trace.traceId());
        Stopper stopper = new Stopper(monitored, request, response);
        monitored.bind(); // observations on this thread belong to this request (io.brainstem.observation)
        try {
            chain.doFilter(request, new CommitHook(response, stopper));
        } finally {
            monitored.unbind();
            stopper.stop(); // no-op when the response already committed through the hook
        }
    }

    /** Stops the request once, writes the headers if still possible, and hands the summary on. */
    private final class Stopper {
        private final RequestMonitor.Request monitored;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private boolean stopped;

        Stopper(RequestMonitor.Request monitored, HttpServletRequest request, HttpServletResponse response) {
            this.monitored = monitored;
            this.request = request;
            this.response = response;
        }

        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            RequestSummary summary;
            try {
                Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                summary = monitored.stop(response.getStatus(), pattern == null ? null : pattern.toString());
                if (!response.isCommitted()) {
                    response.setHeader(ServerTiming.HEADER, ServerTiming.of(summary));
                    response.setHeader(SUMMARY_HEADER, summary.compactJson());
                }
            } catch (RuntimeException e) {
                // Monitoring must never break the request it measures.
                log.warn("request monitoring failed for {} {}: {}", request.getMethod(), request.getRequestURI(),
                        e.toString());
                return;
            }
            try {
                sink.accept(summary);
            } catch (RuntimeException e) {
                log.warn("request summary sink failed: {}", e.toString());
            }
        }
    }

    /** Calls the stopper just before anything can commit the response. */
    private static final class CommitHook extends HttpServletResponseWrapper {
        private final Stopper stopper;
        private ServletOutputStream stream;
        private PrintWriter writer;

        CommitHook(HttpServletResponse response, Stopper stopper) {
            super(response);
            this.stopper = stopper;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (writer != null) {
                throw new IllegalStateException("getWriter() has already been called");
            }
            if (stream == null) {
                stream = new HookedStream(super.getOutputStream(), stopper);
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() has already been called");
            }
            if (writer == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                writer = new PrintWriter(new OutputStreamWriter(new HookedStream(super.getOutputStream(), stopper),
                        charset), false);
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            stopper.stop();
            if (writer != null) {
                writer.flush();
            }
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            setStatus(sc);
            stopper.stop();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            setStatus(sc);
            stopper.stop();
            super.sendError(sc);
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            setStatus(SC_FOUND);
            stopper.stop();
            super.sendRedirect(location);
        }
    }

    private static final class HookedStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final Stopper stopper;

        HookedStream(ServletOutputStream out, Stopper stopper) {
            this.out = out;
            this.stopper = stopper;
        }

        @Override
        public void write(int b) throws IOException {
            stopper.stop();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stopper.stop();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            stopper.stop();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            stopper.stop();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
