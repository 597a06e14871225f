package dev.gatun.ffi.dnnl;

/**
 * A oneDNN call returned a status other than {@code dnnl_success}. The message names the function,
 * the status and the details the caller passed (shapes, data types), e.g.
 * {@code dnnl_matmul_primitive_desc_create failed: dnnl_invalid_arguments (src [2, 3] x weights [4, 5])}.
 * Built by {@link Dnnl#check(int, String, String)}.
 */
public final class DnnlException extends RuntimeException {
    private final int status;
    private final String function;

    DnnlException(int status, String function, String details) {
        super(function + " failed: " + statusName(status) + (details == null || details.isEmpty() ? "" : " (" + details + ")"));
        this.status = status;
        this.function = function;
    }

    /** The raw {@code dnnl_status_t}. */
    public int status() {
        return status;
    }

    /** The C function that failed, e.g. {@code dnnl_primitive_execute}. */
    public String function() {
        return function;
    }

    /** The C name of a {@code dnnl_status_t} value, or {@code dnnl_status_t(<n>)} if unknown. */
    public static String statusName(int status) {
        return switch (status) {
            case DnnlTypes.dnnl_success -> "dnnl_success";
            case DnnlTypes.dnnl_out_of_memory -> "dnnl_out_of_memory";
            case DnnlTypes.dnnl_invalid_arguments -> "dnnl_invalid_arguments";
            case DnnlTypes.dnnl_unimplemented -> "dnnl_unimplemented";
            case DnnlTypes.dnnl_last_impl_reached -> "dnnl_last_impl_reached";
            case DnnlTypes.dnnl_runtime_error -> "dnnl_runtime_error";
            case DnnlTypes.dnnl_not_required -> "dnnl_not_required";
            case DnnlTypes.dnnl_invalid_graph -> "dnnl_invalid_graph";
            case DnnlTypes.dnnl_invalid_graph_op -> "dnnl_invalid_graph_op";
            case DnnlTypes.dnnl_invalid_shape -> "dnnl_invalid_shape";
            case DnnlTypes.dnnl_invalid_data_type -> "dnnl_invalid_data_type";
            default -> "dnnl_status_t(" + status + ")";
        };
    }
}
