package dev.gatun.ffi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The C declaration a binding method was written from, exactly as the header spells the types
 * ({@code OPENBLAS_CONST} written as {@code const}); jextract puts the same text in a javadoc
 * snippet. Kept at run time so that {@code BindingConformanceTest} can check it twice: that its C
 * types map to the method's {@code FunctionDescriptor}, and (through the C compiler) that it
 * matches the header the library was built from.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CSignature {
    String value();
}
