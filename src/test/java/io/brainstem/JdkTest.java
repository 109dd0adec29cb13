package io.brainstem;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;
class JdkTest { @Test void runsOn21Plus() { assertTrue(Runtime.version().feature() >= 21, Runtime.version().toString()); } }
