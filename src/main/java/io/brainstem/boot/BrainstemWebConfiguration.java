package io.brainstem.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.buffer.RingBuffer;
import io.brainstem.sample.Sample;
import io.brainstem.daemon.MetricsDaemon;
import io.brainstem.daemon.WarmUp;
import io.brainstem.web.ApiExceptionHandler;
import io.brainstem.web.DaemonController;
import io.brainstem.web.StatusSection;
import io.brainstem.web.ApiJson;
import io.brainstem.web.ApiTokenFilter;
import io.brainstem.web.RequestMonitorFilter;
import io.brainstem.web.RequestsController;
import io.brainstem.web.SamplesController;
import io.brainstem.web.SummaryController;
import io.brainstem.monitor.RequestLog;
import io.brainstem.monitor.RequestMonitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.InstantSource;

/** The HTTP edge: brainstem's controllers, its error mapping and its filters. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class BrainstemWebConfiguration {

    @Bean
    ApiExceptionHandler brainstemApiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    @Bean
    SamplesController brainstemSamplesController(RingBuffer<Sample> buffer, InstantSource clock,
                                                 BrainstemProperties properties) {
        return new SamplesController(buffer, clock, properties.pollInterval(), properties.api().maxLimit());
    }

    @Bean
    DaemonController brainstemDaemonController(MetricsDaemon daemon, ObjectProvider<StatusSection> sections) {
        return new DaemonController(daemon, sections.orderedStream().toList());
    }

    /** The start-up warm-up's progress under {@code warmUp} in {@code GET /api/v1/daemon}. */
    @Bean
    StatusSection brainstemWarmUpStatus(WarmUp brainstemWarmUp) {
        return StatusSection.of("warmUp", brainstemWarmUp::state);
    }

    @Bean
    SummaryController brainstemSummaryController(RequestMonitor monitor) {
        return new SummaryController(monitor);
    }

    @Bean
    RequestsController brainstemRequestsController(RequestLog requestLog) {
        return new RequestsController(requestLog);
    }

    /** Measures every request: Server-Timing and Brainstem-Request headers, the recent-request log. */
    @Bean
    @ConditionalOnProperty(prefix = "brainstem.requests", name = "enabled", matchIfMissing = true)
    FilterRegistrationBean<RequestMonitorFilter> brainstemRequestMonitorFilter(
            RequestMonitor monitor, RequestLog requestLog, ObjectProvider<RequestSummarySink> sinks) {
        List<RequestSummarySink> extra = sinks.orderedStream().toList();
        FilterRegistrationBean<RequestMonitorFilter> registration = new FilterRegistrationBean<>(
                new RequestMonitorFilter(monitor, summary -> {
                    requestLog.add(summary);
                    for (RequestSummarySink sink : extra) {
                        sink.accept(summary);
                    }
                }));
        // First of all filters, so that even a request the token filter refuses is measured.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("brainstemRequestMonitorFilter");
        return registration;
    }

    /** Registered always, enabled only when {@code brainstem.api-token} has a value. */
    @Bean
    FilterRegistrationBean<ApiTokenFilter> brainstemApiTokenFilter(BrainstemProperties properties) {
        ObjectMapper json = ApiJson.mapper();
        FilterRegistrationBean<ApiTokenFilter> registration =
                new FilterRegistrationBean<>(new ApiTokenFilter(properties.apiTokenRequired() ? properties.apiToken().strip() : "", json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("brainstemApiTokenFilter");
        registration.setEnabled(properties.apiTokenRequired());
        return registration;
    }
}
