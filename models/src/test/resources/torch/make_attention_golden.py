#!/usr/bin/env python3
"""Golden files from PyTorch for Gatun's attention layers (TorchAttentionGoldenTest).

    /usr/bin/python3 models/src/test/resources/torch/make_attention_golden.py [OUT_DIR]

writes attention.safetensors, the state dict of a pre-LN encoder layer
(nn.TransformerEncoderLayer(16, 4, 32, dropout=0, activation="gelu", batch_first=True,
norm_first=True)), and attention.io.safetensors: an input x [2, 5, 16], the layer's output y and
its self-attention's output y_attn, both under a causal mask and a key-padding mask that hides
the last two positions of the second sequence. Computed with autograd on, which keeps PyTorch
off its fused inference path (that one zeroes padded positions). Needs only torch.
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import save_safetensors  # noqa: E402  (the same hand-written safetensors writer)


def main(out_dir):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
    layer.eval()
    torch.manual_seed(1)
    x = torch.randn(2, 5, 16)
    causal = torch.triu(torch.ones(5, 5), diagonal=1).bool()  # True: may not attend
    padding = torch.tensor([[False] * 5, [False, False, False, True, True]])
    y = layer(x, src_mask=causal, src_key_padding_mask=padding).detach()
    y_attn = layer.self_attn(x, x, x, attn_mask=causal, key_padding_mask=padding, need_weights=False)[0].detach()
    meta = {"format": "pt", "gatun.golden": "1", "torch": torch.__version__, "gatun.family": "attention",
            "generator": "models/src/test/resources/torch/make_attention_golden.py"}
    os.makedirs(out_dir, exist_ok=True)
    save_safetensors(os.path.join(out_dir, "attention.safetensors"), layer.state_dict(), meta)
    save_safetensors(os.path.join(out_dir, "attention.io.safetensors"), {"x": x, "y": y, "y_attn": y_attn}, meta)
    print("attention:", list(layer.state_dict().keys()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
