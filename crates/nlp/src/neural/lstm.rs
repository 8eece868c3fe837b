//! Long short-term memory layers, one direction ([`Lstm`]) and both ([`BiLstm`]), with
//! the backward pass that training needs.
//!
//! Gates are computed for a whole sentence at once where the recurrence allows it: the
//! input projections of all words are one matrix product, and so are the weight
//! gradients, so only the `H × 4H` recurrent step runs word by word.

use super::dense::{add_rows, add_rows_many, dot, gemm_abt, gemm_atb_acc, lstm_cell, tanh, Tensor};
use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::Rng;

/// One LSTM reading its input in order. Gate blocks are `[input, forget, cell, output]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Lstm {
    /// Input weights, transposed: `input × 4H` (row `k` holds what input `k` adds to each
    /// gate), so a word's gates are a sum of rows.
    pub wx: Tensor,
    /// Recurrent weights, transposed: `H × 4H` (row `j` holds what `h[j]` adds to each gate).
    pub ut: Tensor,
    /// Gate biases, `1 × 4H`.
    pub b: Tensor,
}

/// What a forward pass keeps for the backward pass (and its output, `h`).
#[derive(Clone, Debug, Default)]
pub struct LstmCache {
    n: usize,
    /// The input, `n × input`.
    pub x: Vec<f32>,
    /// Activated gates, `n × 4H`.
    gates: Vec<f32>,
    /// Cell states, `n × H`.
    c: Vec<f32>,
    /// Outputs, `n × H`.
    pub h: Vec<f32>,
}

impl Lstm {
    /// A freshly initialised layer; forget-gate biases start at 1 so memory is kept early on.
    pub fn new(input: usize, hidden: usize, rng: &mut Rng) -> Lstm {
        let mut b = Tensor::zeros(1, 4 * hidden);
        b.data[hidden..2 * hidden].iter_mut().for_each(|x| *x = 1.0);
        Lstm {
            wx: Tensor::glorot(input, 4 * hidden, rng),
            ut: Tensor::glorot(hidden, 4 * hidden, rng),
            b,
        }
    }

    /// A layer of zeros with the same shape (for gradients).
    pub fn zeros_like(&self) -> Lstm {
        Lstm {
            wx: Tensor::zeros(self.wx.rows, self.wx.cols),
            ut: Tensor::zeros(self.ut.rows, self.ut.cols),
            b: Tensor::zeros(1, self.b.cols),
        }
    }

    /// Hidden size.
    pub fn hidden(&self) -> usize {
        self.ut.rows
    }

    /// Input size.
    pub fn input(&self) -> usize {
        self.wx.rows
    }

    /// Runs over `n` inputs held in `cache.x` and fills the rest of `cache`.
    pub fn forward(&self, n: usize, cache: &mut LstmCache) {
        let (h, inp) = (self.hidden(), self.input());
        cache.n = n;
        cache.gates.resize(n * 4 * h, 0.0);
        cache.c.resize(n * h, 0.0);
        cache.h.resize(n * h, 0.0);
        for g in cache.gates.chunks_exact_mut(4 * h).take(n) {
            g.copy_from_slice(&self.b.data);
        }
        add_rows_many(
            &self.wx.data,
            inp,
            &cache.x[..n * inp],
            &mut cache.gates[..n * 4 * h],
        );
        self.recur(n, cache);
    }

    /// Like [`Lstm::forward`], for inputs already projected: `gates` holds each word's
    /// `bias + Wx·x` (`n × 4H`). Inference only: `cache.x` is not kept.
    pub fn forward_projected(&self, n: usize, gates: &[f32], cache: &mut LstmCache) {
        let h = self.hidden();
        cache.n = n;
        cache.gates.clear();
        cache.gates.extend_from_slice(&gates[..n * 4 * h]);
        cache.c.resize(n * h, 0.0);
        cache.h.resize(n * h, 0.0);
        self.recur(n, cache);
    }

    /// The recurrence over gates holding the input's share.
    fn recur(&self, n: usize, cache: &mut LstmCache) {
        let h = self.hidden();
        for t in 0..n {
            let g = &mut cache.gates[t * 4 * h..(t + 1) * 4 * h];
            if t > 0 {
                add_rows(&self.ut.data, &cache.h[(t - 1) * h..t * h], g);
            }
            let (c_done, c_rest) = cache.c.split_at_mut(t * h);
            let c_prev = (t > 0).then(|| &c_done[(t - 1) * h..]);
            lstm_cell(
                g,
                c_prev,
                &mut c_rest[..h],
                &mut cache.h[t * h..(t + 1) * h],
            );
        }
    }

    /// Back-propagates output gradients `dh` (`n × H`) through the pass in `cache`:
    /// adds weight gradients into `grad` and input gradients into `dx` (`n × input`).
    pub fn backward(&self, cache: &LstmCache, dh: &[f32], grad: &mut Lstm, dx: &mut [f32]) {
        let (h, inp, n) = (self.hidden(), self.input(), cache.n);
        if n == 0 {
            return;
        }
        let mut dg = vec![0.0f32; n * 4 * h];
        let mut dh_next = vec![0.0f32; h];
        let mut dc_next = vec![0.0f32; h];
        for t in (0..n).rev() {
            let g = &cache.gates[t * 4 * h..(t + 1) * 4 * h];
            let d = &mut dg[t * 4 * h..(t + 1) * 4 * h];
            for k in 0..h {
                let (i, f, z, o) = (g[k], g[h + k], g[2 * h + k], g[3 * h + k]);
                let c = cache.c[t * h + k];
                let c_prev = if t > 0 { cache.c[(t - 1) * h + k] } else { 0.0 };
                let tc = tanh(c);
                let dhk = dh[t * h + k] + dh_next[k];
                let dc = dhk * o * (1.0 - tc * tc) + dc_next[k];
                d[k] = dc * z * i * (1.0 - i);
                d[h + k] = dc * c_prev * f * (1.0 - f);
                d[2 * h + k] = dc * i * (1.0 - z * z);
                d[3 * h + k] = dhk * tc * o * (1.0 - o);
                dc_next[k] = dc * f;
            }
            if t > 0 {
                for (j, x) in dh_next.iter_mut().enumerate() {
                    *x = dot(self.ut.row(j), d);
                }
            }
        }
        gemm_atb_acc(n, inp, 4 * h, &cache.x, &dg, &mut grad.wx.data);
        gemm_abt(n, 4 * h, inp, &dg, &self.wx.data, 1.0, dx);
        for row in dg.chunks_exact(4 * h) {
            for (b, x) in grad.b.data.iter_mut().zip(row) {
                *b += x;
            }
        }
        if n > 1 {
            gemm_atb_acc(
                n - 1,
                h,
                4 * h,
                &cache.h[..(n - 1) * h],
                &dg[4 * h..],
                &mut grad.ut.data,
            );
        }
    }

    /// The layer's tensors, in a fixed order.
    pub fn tensors_mut(&mut self) -> [&mut Tensor; 3] {
        [&mut self.wx, &mut self.ut, &mut self.b]
    }

    /// Writes the weights.
    pub fn encode(&self, enc: &mut Encoder) {
        self.wx.encode(enc);
        self.ut.encode(enc);
        self.b.encode(enc);
    }

    /// Reads weights for a layer of this input and hidden size.
    pub fn decode(dec: &mut Decoder, input: usize, hidden: usize) -> Result<Lstm, DecodeError> {
        Ok(Lstm {
            wx: Tensor::decode(dec, input, 4 * hidden)?,
            ut: Tensor::decode(dec, hidden, 4 * hidden)?,
            b: Tensor::decode(dec, 1, 4 * hidden)?,
        })
    }
}

/// Two LSTMs reading a sentence left to right and right to left; a word's output is
/// the two hidden states side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct BiLstm {
    /// The left-to-right reader.
    pub fwd: Lstm,
    /// The right-to-left reader.
    pub bwd: Lstm,
}

/// What a [`BiLstm`] forward pass keeps.
#[derive(Clone, Debug, Default)]
pub struct BiCache {
    fwd: LstmCache,
    bwd: LstmCache,
    /// Output, `n × 2H`.
    pub out: Vec<f32>,
}

impl BiLstm {
    /// A freshly initialised layer.
    pub fn new(input: usize, hidden: usize, rng: &mut Rng) -> BiLstm {
        BiLstm {
            fwd: Lstm::new(input, hidden, rng),
            bwd: Lstm::new(input, hidden, rng),
        }
    }

    /// Zeros of the same shape.
    pub fn zeros_like(&self) -> BiLstm {
        BiLstm {
            fwd: self.fwd.zeros_like(),
            bwd: self.bwd.zeros_like(),
        }
    }

    /// Runs over `x` (`n × input`) and leaves the output in `cache.out` (`n × 2H`).
    pub fn forward(&self, x: &[f32], n: usize, cache: &mut BiCache) {
        let inp = self.fwd.input();
        cache.fwd.x.clear();
        cache.fwd.x.extend_from_slice(&x[..n * inp]);
        cache.bwd.x.clear();
        for t in (0..n).rev() {
            cache.bwd.x.extend_from_slice(&x[t * inp..(t + 1) * inp]);
        }
        self.fwd.forward(n, &mut cache.fwd);
        self.bwd.forward(n, &mut cache.bwd);
        self.join(n, cache);
    }

    /// Like [`BiLstm::forward`], from each word's projected input per direction (`n × 4H`
    /// each, in sentence order).
    pub fn forward_projected(&self, fwd: &[f32], bwd: &[f32], n: usize, cache: &mut BiCache) {
        let h = self.fwd.hidden();
        self.fwd.forward_projected(n, fwd, &mut cache.fwd);
        let mut rev = Vec::with_capacity(n * 4 * h);
        for t in (0..n).rev() {
            rev.extend_from_slice(&bwd[t * 4 * h..(t + 1) * 4 * h]);
        }
        self.bwd.forward_projected(n, &rev, &mut cache.bwd);
        self.join(n, cache);
    }

    /// Writes both directions' states side by side into `cache.out`.
    fn join(&self, n: usize, cache: &mut BiCache) {
        let h = self.fwd.hidden();
        cache.out.resize(n * 2 * h, 0.0);
        for t in 0..n {
            let o = &mut cache.out[t * 2 * h..(t + 1) * 2 * h];
            o[..h].copy_from_slice(&cache.fwd.h[t * h..(t + 1) * h]);
            let r = n - 1 - t;
            o[h..].copy_from_slice(&cache.bwd.h[r * h..(r + 1) * h]);
        }
    }

    /// Back-propagates `dout` (`n × 2H`); adds weight gradients into `grad` and input
    /// gradients into `dx` (`n × input`).
    pub fn backward(&self, cache: &BiCache, dout: &[f32], grad: &mut BiLstm, dx: &mut [f32]) {
        let (h, inp) = (self.fwd.hidden(), self.fwd.input());
        let n = cache.fwd.n;
        let mut df = vec![0.0f32; n * h];
        let mut db = vec![0.0f32; n * h];
        for t in 0..n {
            let d = &dout[t * 2 * h..(t + 1) * 2 * h];
            df[t * h..(t + 1) * h].copy_from_slice(&d[..h]);
            let r = n - 1 - t;
            db[r * h..(r + 1) * h].copy_from_slice(&d[h..]);
        }
        self.fwd.backward(&cache.fwd, &df, &mut grad.fwd, dx);
        let mut dxb = vec![0.0f32; n * inp];
        self.bwd.backward(&cache.bwd, &db, &mut grad.bwd, &mut dxb);
        for t in 0..n {
            let r = n - 1 - t;
            for (a, b) in dx[t * inp..(t + 1) * inp]
                .iter_mut()
                .zip(&dxb[r * inp..(r + 1) * inp])
            {
                *a += b;
            }
        }
    }

    /// The layer's tensors, in a fixed order.
    pub fn tensors_mut(&mut self) -> Vec<&mut Tensor> {
        let (f, b) = (&mut self.fwd, &mut self.bwd);
        let mut v: Vec<&mut Tensor> = f.tensors_mut().into_iter().collect();
        v.extend(b.tensors_mut());
        v
    }

    /// Writes the weights.
    pub fn encode(&self, enc: &mut Encoder) {
        self.fwd.encode(enc);
        self.bwd.encode(enc);
    }

    /// Reads a layer of this input and hidden size.
    pub fn decode(dec: &mut Decoder, input: usize, hidden: usize) -> Result<BiLstm, DecodeError> {
        Ok(BiLstm {
            fwd: Lstm::decode(dec, input, hidden)?,
            bwd: Lstm::decode(dec, input, hidden)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loss = sum of outputs weighted by fixed coefficients; compares the analytic
    /// gradient of one weight and one input with a finite difference.
    #[test]
    fn gradients_match_finite_differences() {
        let mut rng = Rng::new(11);
        let (inp, h, n) = (3, 4, 5);
        let layer = BiLstm::new(inp, h, &mut rng);
        let x: Vec<f32> = (0..n * inp).map(|_| rng.next_f64() as f32 - 0.5).collect();
        let coef: Vec<f32> = (0..n * 2 * h)
            .map(|_| rng.next_f64() as f32 - 0.5)
            .collect();
        let loss = |l: &BiLstm, x: &[f32]| -> f64 {
            let mut c = BiCache::default();
            l.forward(x, n, &mut c);
            c.out.iter().zip(&coef).map(|(a, b)| (*a * *b) as f64).sum()
        };
        let mut cache = BiCache::default();
        layer.forward(&x, n, &mut cache);
        let mut grad = layer.zeros_like();
        let mut dx = vec![0.0; n * inp];
        layer.backward(&cache, &coef, &mut grad, &mut dx);
        let eps = 1e-2f32;
        for (which, idx) in [(0usize, 5usize), (1, 7), (2, 2), (3, 9), (4, 3)] {
            let mut plus = layer.clone();
            let mut minus = layer.clone();
            let analytic = {
                let mut g = grad.clone();
                g.tensors_mut()[which].data[idx]
            };
            plus.tensors_mut()[which].data[idx] += eps;
            minus.tensors_mut()[which].data[idx] -= eps;
            let numeric = (loss(&plus, &x) - loss(&minus, &x)) / (2.0 * eps as f64);
            assert!(
                (numeric - analytic as f64).abs() < 2e-3,
                "tensor {which}[{idx}]: numeric {numeric} analytic {analytic}"
            );
        }
        for idx in [0, 4, 14] {
            let mut xp = x.clone();
            let mut xm = x.clone();
            xp[idx] += eps;
            xm[idx] -= eps;
            let numeric = (loss(&layer, &xp) - loss(&layer, &xm)) / (2.0 * eps as f64);
            assert!(
                (numeric - dx[idx] as f64).abs() < 2e-3,
                "x[{idx}]: numeric {numeric} analytic {}",
                dx[idx]
            );
        }
    }
}
