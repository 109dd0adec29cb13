package io.brainstem.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.stream.Collectors;

/**
 * Turns every failure of brainstem's own controllers into an {@link ApiError}; scoped to this package
 * so that an application embedding brainstem keeps its own error handling. The body is written by
 * {@link ApiJson}, like every other brainstem answer, so it is the same whatever JSON the application's
 * message converters prefer (Spring Boot 4's prefer Jackson 3).
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(BadParameterException.class)
    ResponseEntity<byte[]> badParameter(BadParameterException e) {
        return error(HttpStatus.BAD_REQUEST, e.parameter(), e.getMessage());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<byte[]> missing(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, e.getParameterName(), "is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<byte[]> mismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, e.getName(), "'" + e.getValue() + "' is not a valid value");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String value = mapping instanceof InvalidFormatException invalid
                    ? "'" + invalid.getValue() + "' " : "the value ";
            return error(HttpStatus.BAD_REQUEST, field, value + "is not a valid " + field);
        }
        return error(HttpStatus.BAD_REQUEST, "body", "the request body is not JSON of the expected shape");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "content type " + e.getContentType()
                + " is not supported; send application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, null, e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(NotReadyException.class)
    ResponseEntity<byte[]> notReady(NotReadyException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, null, e.getMessage());
    }

    /**
     * The client went away before its answer was written (a reloaded page, a closed live stream): not an
     * error of the service, and there is nobody left to answer.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        log.error("Unexpected error answering an API request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "internal error; see the service log");
    }

    private static ResponseEntity<byte[]> error(HttpStatus status, String parameter, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiJson.bytes(new ApiError(status.value(), status.getReasonPhrase(), parameter, message)));
    }
}
