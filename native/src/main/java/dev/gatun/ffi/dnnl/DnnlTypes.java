package dev.gatun.ffi.dnnl;

import static java.lang.foreign.ValueLayout.*;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * Constants and struct layouts of oneDNN's {@code dnnl_types.h} and {@code dnnl_common_types.h}
 * (3.13), in jextract's shape: enum values as {@code static final int} named exactly as in C,
 * structs as {@code StructLayout}s. {@link Dnnl} extends this class. Every value and layout is
 * checked against the header by {@code BindingConformanceTest}.
 *
 * <p>Not here: {@code DNNL_RUNTIME_F32_VAL} and {@code DNNL_RUNTIME_S32_VAL} (static variables in
 * C, not constants), blocked format tags (ask for {@code dnnl_format_tag_any} and query) and
 * experimental features.
 */
public class DnnlTypes {
    DnnlTypes() {}

    // dnnl_status_t
    public static final int dnnl_success = 0;
    public static final int dnnl_out_of_memory = 1;
    public static final int dnnl_invalid_arguments = 2;
    public static final int dnnl_unimplemented = 3;
    public static final int dnnl_last_impl_reached = 4;
    public static final int dnnl_runtime_error = 5;
    public static final int dnnl_not_required = 6;
    public static final int dnnl_invalid_graph = 7;
    public static final int dnnl_invalid_graph_op = 8;
    public static final int dnnl_invalid_shape = 9;
    public static final int dnnl_invalid_data_type = 10;

    // dnnl_data_type_t
    public static final int dnnl_data_type_undef = 0;
    public static final int dnnl_f16 = 1;
    public static final int dnnl_bf16 = 2;
    public static final int dnnl_f32 = 3;
    public static final int dnnl_s32 = 4;
    public static final int dnnl_s8 = 5;
    public static final int dnnl_u8 = 6;
    public static final int dnnl_f64 = 7;
    public static final int dnnl_boolean = 8;
    public static final int dnnl_f8_e5m2 = 9;
    public static final int dnnl_f8_e4m3 = 10;
    public static final int dnnl_s4 = 11;
    public static final int dnnl_u4 = 12;
    public static final int dnnl_e8m0 = 13;
    public static final int dnnl_f4_e2m1 = 14;
    public static final int dnnl_f4_e3m0 = 15;
    public static final int dnnl_s64 = 16;

    // dnnl_engine_kind_t
    public static final int dnnl_any_engine = 0;
    public static final int dnnl_cpu = 1;
    public static final int dnnl_gpu = 2;

    // dnnl_stream_flags_t
    public static final int dnnl_stream_in_order = 1;
    public static final int dnnl_stream_out_of_order = 2;
    public static final int dnnl_stream_default_flags = 1;

    // dnnl_format_kind_t
    public static final int dnnl_format_kind_undef = 0;
    public static final int dnnl_format_kind_any = 1;
    public static final int dnnl_blocked = 2;
    public static final int dnnl_format_kind_opaque = 3;
    public static final int dnnl_format_kind_sparse = 4;
    public static final int dnnl_format_kind_host_scalar = 5;

    // dnnl_format_tag_t: the plain layouts and their aliases (blocked layouts are chosen by oneDNN via dnnl_format_tag_any and queried, not named)
    public static final int dnnl_format_tag_undef = 0;
    public static final int dnnl_format_tag_any = 1;
    public static final int dnnl_a = 2;
    public static final int dnnl_ab = 3;
    public static final int dnnl_abc = 4;
    public static final int dnnl_abcd = 5;
    public static final int dnnl_abcde = 6;
    public static final int dnnl_abcdef = 7;
    public static final int dnnl_ba = 14;
    public static final int dnnl_acb = 15;
    public static final int dnnl_bac = 16;
    public static final int dnnl_bca = 17;
    public static final int dnnl_cba = 19;
    public static final int dnnl_abdc = 20;
    public static final int dnnl_acbd = 21;
    public static final int dnnl_acdb = 22;
    public static final int dnnl_bacd = 25;
    public static final int dnnl_bcda = 26;
    public static final int dnnl_cdba = 28;
    public static final int dnnl_acdeb = 33;
    public static final int dnnl_bacde = 35;
    public static final int dnnl_cdeba = 38;
    public static final int dnnl_x = 2;
    public static final int dnnl_nc = 3;
    public static final int dnnl_cn = 14;
    public static final int dnnl_tn = 3;
    public static final int dnnl_nt = 14;
    public static final int dnnl_ncw = 4;
    public static final int dnnl_nwc = 15;
    public static final int dnnl_nchw = 5;
    public static final int dnnl_nhwc = 22;
    public static final int dnnl_chwn = 26;
    public static final int dnnl_ncdhw = 6;
    public static final int dnnl_ndhwc = 33;
    public static final int dnnl_oi = 3;
    public static final int dnnl_io = 14;
    public static final int dnnl_oiw = 4;
    public static final int dnnl_owi = 15;
    public static final int dnnl_wio = 19;
    public static final int dnnl_iwo = 17;
    public static final int dnnl_oihw = 5;
    public static final int dnnl_hwio = 28;
    public static final int dnnl_ohwi = 22;
    public static final int dnnl_ihwo = 26;
    public static final int dnnl_iohw = 25;
    public static final int dnnl_oidhw = 6;
    public static final int dnnl_dhwio = 38;
    public static final int dnnl_odhwi = 33;
    public static final int dnnl_iodhw = 35;
    public static final int dnnl_goiw = 5;
    public static final int dnnl_goihw = 6;
    public static final int dnnl_goidhw = 7;
    public static final int dnnl_tnc = 4;
    public static final int dnnl_ntc = 16;
    public static final int dnnl_ldnc = 5;
    public static final int dnnl_ldigo = 6;
    public static final int dnnl_ldgoi = 31;
    public static final int dnnl_ldio = 5;
    public static final int dnnl_ldoi = 20;
    public static final int dnnl_ldgo = 5;

    // dnnl_prop_kind_t
    public static final int dnnl_prop_kind_undef = 0;
    public static final int dnnl_forward_training = 64;
    public static final int dnnl_forward_inference = 96;
    public static final int dnnl_forward = 64;
    public static final int dnnl_backward = 128;
    public static final int dnnl_backward_data = 160;
    public static final int dnnl_backward_weights = 192;
    public static final int dnnl_backward_bias = 193;

    // dnnl_primitive_kind_t
    public static final int dnnl_undefined_primitive = 0;
    public static final int dnnl_reorder = 1;
    public static final int dnnl_shuffle = 2;
    public static final int dnnl_concat = 3;
    public static final int dnnl_sum = 4;
    public static final int dnnl_convolution = 5;
    public static final int dnnl_deconvolution = 6;
    public static final int dnnl_eltwise = 7;
    public static final int dnnl_lrn = 8;
    public static final int dnnl_batch_normalization = 9;
    public static final int dnnl_inner_product = 10;
    public static final int dnnl_rnn = 11;
    public static final int dnnl_gemm = 12;
    public static final int dnnl_binary = 13;
    public static final int dnnl_matmul = 14;
    public static final int dnnl_resampling = 15;
    public static final int dnnl_pooling = 16;
    public static final int dnnl_reduction = 17;
    public static final int dnnl_prelu = 18;
    public static final int dnnl_softmax = 19;
    public static final int dnnl_layer_normalization = 20;
    public static final int dnnl_group_normalization = 21;

    // dnnl_alg_kind_t (convolution, eltwise, pooling, RNN cells, binary, reduction, softmax)
    public static final int dnnl_alg_kind_undef = 0;
    public static final int dnnl_convolution_direct = 1;
    public static final int dnnl_convolution_winograd = 2;
    public static final int dnnl_convolution_auto = 3;
    public static final int dnnl_eltwise_relu = 32;
    public static final int dnnl_eltwise_tanh = 33;
    public static final int dnnl_eltwise_elu = 34;
    public static final int dnnl_eltwise_square = 35;
    public static final int dnnl_eltwise_abs = 36;
    public static final int dnnl_eltwise_sqrt = 37;
    public static final int dnnl_eltwise_linear = 38;
    public static final int dnnl_eltwise_soft_relu = 39;
    public static final int dnnl_eltwise_hardsigmoid = 40;
    public static final int dnnl_eltwise_logistic = 41;
    public static final int dnnl_eltwise_exp = 42;
    public static final int dnnl_eltwise_gelu_tanh = 43;
    public static final int dnnl_eltwise_swish = 44;
    public static final int dnnl_eltwise_log = 45;
    public static final int dnnl_eltwise_clip = 46;
    public static final int dnnl_eltwise_clip_v2 = 47;
    public static final int dnnl_eltwise_pow = 48;
    public static final int dnnl_eltwise_gelu_erf = 49;
    public static final int dnnl_eltwise_round = 50;
    public static final int dnnl_eltwise_mish = 51;
    public static final int dnnl_eltwise_hardswish = 52;
    public static final int dnnl_eltwise_relu_use_dst_for_bwd = 256;
    public static final int dnnl_eltwise_tanh_use_dst_for_bwd = 257;
    public static final int dnnl_eltwise_elu_use_dst_for_bwd = 258;
    public static final int dnnl_eltwise_sqrt_use_dst_for_bwd = 259;
    public static final int dnnl_eltwise_logistic_use_dst_for_bwd = 260;
    public static final int dnnl_eltwise_exp_use_dst_for_bwd = 261;
    public static final int dnnl_eltwise_clip_v2_use_dst_for_bwd = 262;
    public static final int dnnl_pooling_max = 511;
    public static final int dnnl_pooling_avg_include_padding = 767;
    public static final int dnnl_pooling_avg_exclude_padding = 1023;
    public static final int dnnl_vanilla_rnn = 8191;
    public static final int dnnl_vanilla_lstm = 12287;
    public static final int dnnl_vanilla_gru = 16383;
    public static final int dnnl_lbr_gru = 20479;
    public static final int dnnl_binary_add = 131056;
    public static final int dnnl_binary_mul = 131057;
    public static final int dnnl_binary_max = 131058;
    public static final int dnnl_binary_min = 131059;
    public static final int dnnl_binary_div = 131060;
    public static final int dnnl_binary_sub = 131061;
    public static final int dnnl_binary_ge = 131062;
    public static final int dnnl_binary_gt = 131063;
    public static final int dnnl_binary_le = 131064;
    public static final int dnnl_binary_lt = 131065;
    public static final int dnnl_binary_eq = 131066;
    public static final int dnnl_binary_ne = 131067;
    public static final int dnnl_binary_select = 131068;
    public static final int dnnl_reduction_max = 196594;
    public static final int dnnl_reduction_min = 196595;
    public static final int dnnl_reduction_sum = 196596;
    public static final int dnnl_reduction_mul = 196597;
    public static final int dnnl_reduction_mean = 196598;
    public static final int dnnl_reduction_norm_lp_sum = 196600;
    public static final int dnnl_reduction_norm_lp_power_p_sum = 196602;
    public static final int dnnl_softmax_accurate = 196608;
    public static final int dnnl_softmax_log = 196609;

    // dnnl_normalization_flags_t (bit flags)
    public static final int dnnl_normalization_flags_none = 0;
    public static final int dnnl_use_global_stats = 1;
    public static final int dnnl_use_scale = 2;
    public static final int dnnl_use_shift = 4;
    public static final int dnnl_fuse_norm_relu = 8;
    public static final int dnnl_fuse_norm_add_relu = 16;
    public static final int dnnl_rms_norm = 32;

    // dnnl_rnn_flags_t
    public static final int dnnl_rnn_flags_undef = 0;
    public static final int dnnl_rnn_flags_diff_weights_overwrite = 1;

    // dnnl_rnn_direction_t
    public static final int dnnl_rnn_direction_undef = 0;
    public static final int dnnl_unidirectional_left2right = 1;
    public static final int dnnl_unidirectional_right2left = 2;
    public static final int dnnl_bidirectional_concat = 3;
    public static final int dnnl_bidirectional_sum = 4;

    // dnnl_scratchpad_mode_t
    public static final int dnnl_scratchpad_mode_library = 0;
    public static final int dnnl_scratchpad_mode_user = 1;

    // dnnl_query_t
    public static final int dnnl_query_undef = 0;
    public static final int dnnl_query_engine = 1;
    public static final int dnnl_query_primitive_kind = 2;
    public static final int dnnl_query_num_of_inputs_s32 = 3;
    public static final int dnnl_query_num_of_outputs_s32 = 4;
    public static final int dnnl_query_time_estimate_f64 = 5;
    public static final int dnnl_query_memory_consumption_s64 = 6;
    public static final int dnnl_query_scratchpad_engine = 7;
    public static final int dnnl_query_impl_info_str = 8;
    public static final int dnnl_query_reorder_src_engine = 9;
    public static final int dnnl_query_reorder_dst_engine = 10;
    public static final int dnnl_query_prop_kind = 11;
    public static final int dnnl_query_cache_blob_id_size_s64 = 12;
    public static final int dnnl_query_cache_blob_id = 13;
    public static final int dnnl_query_strides = 14;
    public static final int dnnl_query_dilations = 15;
    public static final int dnnl_query_padding_l = 16;
    public static final int dnnl_query_padding_r = 17;
    public static final int dnnl_query_epsilon_f32 = 18;
    public static final int dnnl_query_flags = 19;
    public static final int dnnl_query_alg_kind = 20;
    public static final int dnnl_query_alpha_f32 = 21;
    public static final int dnnl_query_beta_f32 = 22;
    public static final int dnnl_query_axis_s32 = 23;
    public static final int dnnl_query_local_size_s64 = 24;
    public static final int dnnl_query_k_f32 = 25;
    public static final int dnnl_query_p_f32 = 26;
    public static final int dnnl_query_factors = 27;
    public static final int dnnl_query_cell_kind = 28;
    public static final int dnnl_query_direction = 29;
    public static final int dnnl_query_activation_kind = 30;
    public static final int dnnl_query_kernel = 31;
    public static final int dnnl_query_group_size_s64 = 32;
    public static final int dnnl_query_some_md = 128;
    public static final int dnnl_query_src_md = 129;
    public static final int dnnl_query_diff_src_md = 130;
    public static final int dnnl_query_weights_md = 131;
    public static final int dnnl_query_diff_weights_md = 132;
    public static final int dnnl_query_dst_md = 133;
    public static final int dnnl_query_diff_dst_md = 134;
    public static final int dnnl_query_workspace_md = 135;
    public static final int dnnl_query_scratchpad_md = 136;
    public static final int dnnl_query_exec_arg_md = 255;
    public static final int dnnl_query_ndims_s32 = 256;
    public static final int dnnl_query_dims = 257;
    public static final int dnnl_query_data_type = 258;
    public static final int dnnl_query_submemory_offset_s64 = 259;
    public static final int dnnl_query_padded_dims = 260;
    public static final int dnnl_query_padded_offsets = 261;
    public static final int dnnl_query_format_kind = 262;
    public static final int dnnl_query_inner_nblks_s32 = 263;
    public static final int dnnl_query_inner_blks = 264;
    public static final int dnnl_query_inner_idxs = 265;
    public static final int dnnl_query_sparse_encoding = 266;
    public static final int dnnl_query_nnz_s64 = 267;
    public static final int dnnl_query_num_handles_s32 = 268;

    // dnnl_cpu_isa_t
    public static final int dnnl_cpu_isa_default = 0;
    public static final int dnnl_cpu_isa_sse41 = 1;
    public static final int dnnl_cpu_isa_avx = 3;
    public static final int dnnl_cpu_isa_avx2 = 7;
    public static final int dnnl_cpu_isa_avx2_vnni = 15;
    public static final int dnnl_cpu_isa_avx2_vnni_2 = 31;
    public static final int dnnl_cpu_isa_avx512_core = 39;
    public static final int dnnl_cpu_isa_avx512_core_vnni = 103;
    public static final int dnnl_cpu_isa_avx512_core_bf16 = 231;
    public static final int dnnl_cpu_isa_avx10_1_512 = 495;
    public static final int dnnl_cpu_isa_avx512_core_fp16 = 495;
    public static final int dnnl_cpu_isa_avx10_1_512_amx = 4079;
    public static final int dnnl_cpu_isa_avx512_core_amx = 4079;
    public static final int dnnl_cpu_isa_avx10_1_512_amx_fp16 = 8175;
    public static final int dnnl_cpu_isa_avx512_core_amx_fp16 = 8175;
    public static final int dnnl_cpu_isa_avx10_2 = 131583;
    public static final int dnnl_cpu_isa_avx10_2_512 = 131583;
    public static final int dnnl_cpu_isa_avx10_2_amx_2 = 143359;
    public static final int dnnl_cpu_isa_avx10_2_512_amx_2 = 143359;

    // DNNL_ARG_*: argument indices for dnnl_primitive_execute
    public static final int DNNL_ARG_UNDEF = 0;
    public static final int DNNL_ARG_SRC_0 = 1;
    public static final int DNNL_ARG_SRC = 1;
    public static final int DNNL_ARG_SRC_LAYER = 1;
    public static final int DNNL_ARG_FROM = 1;
    public static final int DNNL_ARG_SRC_1 = 2;
    public static final int DNNL_ARG_SRC_ITER = 2;
    public static final int DNNL_ARG_SRC_2 = 3;
    public static final int DNNL_ARG_SRC_ITER_C = 3;
    public static final int DNNL_ARG_SRC_3 = 4;
    public static final int DNNL_ARG_AUGRU_ATTENTION = 4;
    public static final int DNNL_ARG_DST_0 = 17;
    public static final int DNNL_ARG_DST = 17;
    public static final int DNNL_ARG_TO = 17;
    public static final int DNNL_ARG_DST_LAYER = 17;
    public static final int DNNL_ARG_DST_1 = 18;
    public static final int DNNL_ARG_DST_ITER = 18;
    public static final int DNNL_ARG_DST_2 = 19;
    public static final int DNNL_ARG_DST_ITER_C = 19;
    public static final int DNNL_ARG_WEIGHTS_0 = 33;
    public static final int DNNL_ARG_WEIGHTS = 33;
    public static final int DNNL_ARG_WEIGHTS_LAYER = 33;
    public static final int DNNL_ARG_WEIGHTS_1 = 34;
    public static final int DNNL_ARG_WEIGHTS_ITER = 34;
    public static final int DNNL_ARG_WEIGHTS_2 = 35;
    public static final int DNNL_ARG_WEIGHTS_PEEPHOLE = 35;
    public static final int DNNL_ARG_WEIGHTS_3 = 36;
    public static final int DNNL_ARG_WEIGHTS_PROJECTION = 36;
    public static final int DNNL_ARG_BIAS = 41;
    public static final int DNNL_ARG_REDUCE = 42;
    public static final int DNNL_ARG_MEAN = 49;
    public static final int DNNL_ARG_VARIANCE = 50;
    public static final int DNNL_ARG_SCALE = 51;
    public static final int DNNL_ARG_SHIFT = 52;
    public static final int DNNL_ARG_WORKSPACE = 64;
    public static final int DNNL_ARG_SCRATCHPAD = 80;
    public static final int DNNL_ARG_DIFF_SRC_0 = 129;
    public static final int DNNL_ARG_DIFF_SRC = 129;
    public static final int DNNL_ARG_DIFF_SRC_LAYER = 129;
    public static final int DNNL_ARG_DIFF_SRC_1 = 130;
    public static final int DNNL_ARG_DIFF_SRC_ITER = 130;
    public static final int DNNL_ARG_DIFF_SRC_2 = 131;
    public static final int DNNL_ARG_DIFF_SRC_ITER_C = 131;
    public static final int DNNL_ARG_DIFF_SRC_3 = 132;
    public static final int DNNL_ARG_DIFF_AUGRU_ATTENTION = 132;
    public static final int DNNL_ARG_DIFF_DST_0 = 145;
    public static final int DNNL_ARG_DIFF_DST = 145;
    public static final int DNNL_ARG_DIFF_DST_LAYER = 145;
    public static final int DNNL_ARG_DIFF_DST_1 = 146;
    public static final int DNNL_ARG_DIFF_DST_ITER = 146;
    public static final int DNNL_ARG_DIFF_DST_2 = 147;
    public static final int DNNL_ARG_DIFF_DST_ITER_C = 147;
    public static final int DNNL_ARG_DIFF_WEIGHTS_0 = 161;
    public static final int DNNL_ARG_DIFF_WEIGHTS = 161;
    public static final int DNNL_ARG_DIFF_WEIGHTS_LAYER = 161;
    public static final int DNNL_ARG_DIFF_WEIGHTS_1 = 162;
    public static final int DNNL_ARG_DIFF_WEIGHTS_ITER = 162;
    public static final int DNNL_ARG_DIFF_WEIGHTS_2 = 163;
    public static final int DNNL_ARG_DIFF_WEIGHTS_PEEPHOLE = 163;
    public static final int DNNL_ARG_DIFF_WEIGHTS_3 = 164;
    public static final int DNNL_ARG_DIFF_WEIGHTS_PROJECTION = 164;
    public static final int DNNL_ARG_DIFF_BIAS = 169;
    public static final int DNNL_ARG_DIFF_SCALE = 255;
    public static final int DNNL_ARG_DIFF_SHIFT = 256;
    public static final int DNNL_ARG_ATTR_DROPOUT_OFFSET = 507;
    public static final int DNNL_ARG_ATTR_ROUNDING_SEED = 508;
    public static final int DNNL_ARG_ATTR_DROPOUT_MASK = 509;
    public static final int DNNL_ARG_ATTR_DROPOUT_PROBABILITY = 510;
    public static final int DNNL_ARG_ATTR_DROPOUT_SEED = 511;
    public static final int DNNL_ARG_ATTR_PRECOMPUTED_REDUCTIONS = 512;
    public static final int DNNL_ARG_ATTR_OUTPUT_SCALES = 513;
    public static final int DNNL_ARG_MULTIPLE_SRC = 1024;
    public static final int DNNL_ARG_MULTIPLE_DST = 2048;
    public static final int DNNL_ARG_ATTR_SCALES = 4096;
    public static final int DNNL_ARG_ATTR_ZERO_POINTS = 8192;
    public static final int DNNL_ARG_ATTR_POST_OP_DW = 16384;
    public static final int DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE = 32768;

    // Sizes and run-time placeholders
    public static final int DNNL_MAX_NDIMS = 12;
    public static final long DNNL_RUNTIME_DIM_VAL = Long.MIN_VALUE; // INT64_MIN
    public static final long DNNL_RUNTIME_SIZE_VAL = Long.MIN_VALUE; // (size_t) INT64_MIN: the same bits

    // Version of the headers these bindings were written from (compare with dnnl_version() at run time)
    public static final int DNNL_VERSION_MAJOR = 3;
    public static final int DNNL_VERSION_MINOR = 13;
    public static final int DNNL_VERSION_PATCH = 0;

    // ============================================================
    // Function-like and pointer macros

    /** {@code DNNL_ARG_ATTR_MULTIPLE_POST_OP(idx)}: the argument index of binary post-op {@code idx}'s source. */
    public static int DNNL_ARG_ATTR_MULTIPLE_POST_OP(int idx) {
        return DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (idx + 1);
    }

    /** {@code DNNL_MEMORY_NONE}: create a memory object without a buffer. */
    public static final MemorySegment DNNL_MEMORY_NONE = MemorySegment.NULL;

    /** {@code DNNL_MEMORY_ALLOCATE} ({@code (void *)(size_t)-1}): let oneDNN allocate the buffer. */
    public static final MemorySegment DNNL_MEMORY_ALLOCATE = MemorySegment.ofAddress(-1L);

    // ============================================================
    // Structs (LP64: pointers are 8 bytes and 8-aligned, hence the padding)

    /** {@code dnnl_version_t}, returned by {@code dnnl_version()}. */
    public static final StructLayout dnnl_version_t = MemoryLayout.structLayout(
            JAVA_INT.withName("major"),
            JAVA_INT.withName("minor"),
            JAVA_INT.withName("patch"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("hash"),
            JAVA_INT.withName("cpu_runtime"),
            JAVA_INT.withName("gpu_runtime"))
            .withName("dnnl_version_t");

    /** {@code dnnl_exec_arg_t}: one {@code {DNNL_ARG_*, memory}} pair for {@code dnnl_primitive_execute}. */
    public static final StructLayout dnnl_exec_arg_t = MemoryLayout.structLayout(
            JAVA_INT.withName("arg"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("memory"))
            .withName("dnnl_exec_arg_t");
}
