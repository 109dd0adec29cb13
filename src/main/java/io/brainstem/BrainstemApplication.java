package io.brainstem;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class BrainstemApplication {
    public static void main(String[] args) {
        SpringApplication.run(BrainstemApplication.class, args);
    }
}
