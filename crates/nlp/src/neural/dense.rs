//! Dense tensors and the few operations the networks need: matrix products (through
//! `matrixmultiply`, which picks SIMD kernels at run time), vector updates, activations,
//! and the Adam optimiser.

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::Rng;

/// A row-major matrix of `f32` (a vector is a matrix with one row).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tensor {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// `rows * cols` values, row after row.
    pub data: Vec<f32>,
}

impl Tensor {
    /// A tensor of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Tensor {
        Tensor {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// A tensor drawn uniformly from `±sqrt(6 / (fan_in + fan_out))` (Glorot).
    pub fn glorot(rows: usize, cols: usize, rng: &mut Rng) -> Tensor {
        let bound = (6.0 / (rows + cols) as f64).sqrt();
        let mut t = Tensor::zeros(rows, cols);
        for x in &mut t.data {
            *x = ((rng.next_f64() * 2.0 - 1.0) * bound) as f32;
        }
        t
    }

    /// Row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Row `i`, mutable.
    #[inline]
    pub fn row_mut(&mut self, i: usize) -> &mut [f32] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Sets every value to zero.
    pub fn clear(&mut self) {
        self.data.iter_mut().for_each(|x| *x = 0.0);
    }

    /// Writes the shape and values.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(self.rows as u32);
        enc.u32(self.cols as u32);
        for &x in &self.data {
            enc.f32(x);
        }
    }

    /// Reads a tensor written by [`Tensor::encode`], checking its shape.
    pub fn decode(dec: &mut Decoder, rows: usize, cols: usize) -> Result<Tensor, DecodeError> {
        let (r, c) = (dec.u32()? as usize, dec.u32()? as usize);
        if r != rows || c != cols {
            return Err(dec.invalid("tensor shape does not match the network"));
        }
        if r.saturating_mul(c).saturating_mul(4) > dec.remaining() {
            return Err(dec.invalid("tensor is truncated"));
        }
        let mut data = Vec::with_capacity(r * c);
        for _ in 0..r * c {
            data.push(dec.f32()?);
        }
        Ok(Tensor {
            rows: r,
            cols: c,
            data,
        })
    }
}

/// One strided product `c = beta * c + a · b` through `matrixmultiply`, where `a` is
/// m × k and `b` is k × n as seen through their (row, column) strides, and `c` is a
/// row-major m × n. Panics when a slice is too short for the shape.
#[allow(clippy::too_many_arguments)]
fn sgemm(
    (m, k, n): (usize, usize, usize),
    a: &[f32],
    (rsa, csa): (usize, usize),
    b: &[f32],
    (rsb, csb): (usize, usize),
    beta: f32,
    c: &mut [f32],
) {
    if m == 0 || n == 0 {
        return;
    }
    let last = |rows: usize, cols: usize, rs: usize, cs: usize| {
        (rows.max(1) - 1) * rs + (cols.max(1) - 1) * cs + 1
    };
    assert!(
        (k == 0 || (a.len() >= last(m, k, rsa, csa) && b.len() >= last(k, n, rsb, csb)))
            && c.len() >= m * n,
        "matrix product: a slice is shorter than its shape"
    );
    // SAFETY: the assertion above keeps every strided access inside the slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            rsa as isize,
            csa as isize,
            b.as_ptr(),
            rsb as isize,
            csb as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// `c = beta * c + a · bᵀ`, with `a` (m × k), `b` (n × k) and `c` (m × n), all row-major:
/// the input gradient of a layer from its output gradients `a` and transposed weights `b`.
pub fn gemm_abt(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], beta: f32, c: &mut [f32]) {
    sgemm((m, k, n), a, (k, 1), b, (1, k), beta, c);
}

/// `c += aᵀ · b`, with `a` (m × k), `b` (m × n) and `c` (k × n): the weight gradient
/// of a layer from its inputs `a` and output gradients `b`.
pub fn gemm_atb_acc(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    sgemm((k, m, n), a, (1, k), b, (n, 1), 1.0, c);
}

/// Returns from the calling kernel through its widest build this CPU supports:
/// `widest` (AVX-512), else `wide` (AVX2 + FMA); with neither, the caller goes on to its
/// portable code. Each build is the portable body compiled with those features enabled.
macro_rules! dispatch {
    (widest: $widest:expr, wide: $wide:expr) => {
        dispatch!(widest: $widest);
        dispatch!(wide: $wide);
    };
    (widest: $widest:expr) => {
        #[cfg(target_arch = "x86_64")]
        if widest() {
            // SAFETY: the CPU supports the features the function was compiled for.
            return unsafe { $widest };
        }
    };
    (wide: $wide:expr) => {
        #[cfg(target_arch = "x86_64")]
        if wide() {
            // SAFETY: the CPU supports the features the function was compiled for.
            return unsafe { $wide };
        }
    };
}

/// Whether this CPU has AVX-512 (checked once by the standard library, then cached).
#[inline]
fn widest() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether this CPU has AVX2 and FMA (checked once by the standard library, then cached).
#[inline]
fn wide() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `y += a * x`; with `FMA`, as fused multiply-adds (only where the CPU has them).
#[inline(always)]
fn axpy_body<const FMA: bool>(a: f32, x: &[f32], y: &mut [f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y = if FMA { x.mul_add(a, *y) } else { *y + a * x };
    }
}

/// Dot product with 32 running sums (four AVX registers), so it vectorises and
/// pipelines without fast-math.
#[inline(always)]
fn dot_body<const FMA: bool>(a: &[f32], b: &[f32]) -> f32 {
    const W: usize = 32;
    let mut acc = [0.0f32; W];
    let (ca, cb) = (a.chunks_exact(W), b.chunks_exact(W));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..W {
            acc[k] = if FMA {
                x[k].mul_add(y[k], acc[k])
            } else {
                acc[k] + x[k] * y[k]
            };
        }
    }
    let mut s = 0.0;
    for k in 0..W / 2 {
        acc[k] += acc[k + W / 2];
    }
    for x in &acc[..W / 2] {
        s += x;
    }
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_wide(a: &[f32], b: &[f32]) -> f32 {
    dot_body::<true>(a, b)
}

/// Columns `c0..c0 + C` of `y += Mᵀ x` (`m` has `n` columns), summed in registers.
#[inline(always)]
fn add_rows_block<const FMA: bool, const C: usize>(
    m: &[f32],
    x: &[f32],
    y: &mut [f32],
    c0: usize,
    n: usize,
) {
    let mut acc = [0.0f32; C];
    acc.copy_from_slice(y);
    for (j, &xj) in x.iter().enumerate() {
        let w = &m[j * n + c0..j * n + c0 + C];
        for (a, w) in acc.iter_mut().zip(w) {
            *a = if FMA { w.mul_add(xj, *a) } else { *a + xj * w };
        }
    }
    y.copy_from_slice(&acc);
}

/// `y += Mᵀ x`, a block of `C` columns at a time: the block's sums stay in registers
/// while every row is added, instead of going to memory and back once per row. Each
/// output is summed over the rows in order, as a row-by-row loop would.
#[inline(always)]
fn add_rows_body<const FMA: bool, const C: usize>(m: &[f32], x: &[f32], y: &mut [f32]) {
    let n = y.len();
    let blocks = n / C * C;
    for c0 in (0..blocks).step_by(C) {
        add_rows_block::<FMA, C>(m, x, &mut y[c0..c0 + C], c0, n);
    }
    // What is left in blocks of 64, 32 and 16 columns: the parser's output layer is a
    // multiple of 16 wide, and wider blocks keep more sums going at once.
    let mut blocks = blocks;
    if n - blocks >= 64 {
        add_rows_block::<FMA, 64>(m, x, &mut y[blocks..blocks + 64], blocks, n);
        blocks += 64;
    }
    if n - blocks >= 32 {
        add_rows_block::<FMA, 32>(m, x, &mut y[blocks..blocks + 32], blocks, n);
        blocks += 32;
    }
    if n - blocks >= 16 {
        add_rows_block::<FMA, 16>(m, x, &mut y[blocks..blocks + 16], blocks, n);
        blocks += 16;
    }
    if blocks < n {
        let y = &mut y[blocks..];
        for (j, &xj) in x.iter().enumerate() {
            axpy_body::<FMA>(xj, &m[j * n + blocks..(j + 1) * n], y);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn add_rows_wide(m: &[f32], x: &[f32], y: &mut [f32]) {
    add_rows_body::<true, 64>(m, x, y)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn add_rows_widest(m: &[f32], x: &[f32], y: &mut [f32]) {
    add_rows_body::<true, 128>(m, x, y)
}

/// [`add_rows`] on many inputs: `ys[t] += Mᵀ xs[t]` for each row `t` of `xs` (T × k)
/// and `ys` (T × n). Four inputs go together: a block of `C` columns of a weight row
/// is loaded once and added into four sums that stay in registers. Each output is
/// summed in the same order as in `add_rows`, so the results are the same, bit for bit.
#[inline(always)]
fn add_rows_many_body<const FMA: bool, const C: usize>(
    m: &[f32],
    k: usize,
    xs: &[f32],
    ys: &mut [f32],
) {
    let n = m.len() / k;
    let tokens = xs.len() / k;
    let full = tokens / 4 * 4;
    let blocks = n / C * C;
    for t in (0..full).step_by(4) {
        let x4 = &xs[t * k..(t + 4) * k];
        let y4 = &mut ys[t * n..(t + 4) * n];
        for c0 in (0..blocks).step_by(C) {
            let mut acc = [[0.0f32; C]; 4];
            for (r, a) in acc.iter_mut().enumerate() {
                a.copy_from_slice(&y4[r * n + c0..r * n + c0 + C]);
            }
            for j in 0..k {
                let w = &m[j * n + c0..j * n + c0 + C];
                for (r, a) in acc.iter_mut().enumerate() {
                    let xr = x4[r * k + j];
                    for (a, w) in a.iter_mut().zip(w) {
                        *a = if FMA { w.mul_add(xr, *a) } else { *a + xr * w };
                    }
                }
            }
            for (r, a) in acc.iter().enumerate() {
                y4[r * n + c0..r * n + c0 + C].copy_from_slice(a);
            }
        }
        if blocks < n {
            for r in 0..4 {
                let y = &mut y4[r * n + blocks..(r + 1) * n];
                for j in 0..k {
                    axpy_body::<FMA>(x4[r * k + j], &m[j * n + blocks..(j + 1) * n], y);
                }
            }
        }
    }
    for t in full..tokens {
        let y = &mut ys[t * n..(t + 1) * n];
        for j in 0..k {
            axpy_body::<FMA>(xs[t * k + j], &m[j * n..(j + 1) * n], y);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn add_rows_many_wide(m: &[f32], k: usize, xs: &[f32], ys: &mut [f32]) {
    add_rows_many_body::<true, 32>(m, k, xs, ys)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn add_rows_many_widest(m: &[f32], k: usize, xs: &[f32], ys: &mut [f32]) {
    add_rows_many_body::<true, 64>(m, k, xs, ys)
}

/// The LSTM cell on one word: `g` holds the gate pre-activations `[i f z o]` and is
/// overwritten with their activations; `c` and `h` receive the new state.
#[inline(always)]
fn cell_body(g: &mut [f32], c_prev: Option<&[f32]>, c: &mut [f32], h: &mut [f32]) {
    let n = c.len();
    // Plain loops over slices, one per activation: a chained iterator would not vectorise.
    let (gates, rest) = g.split_at_mut(2 * n);
    let (z, o) = rest.split_at_mut(n);
    for x in gates.iter_mut() {
        *x = sigmoid(*x);
    }
    for x in o.iter_mut() {
        *x = sigmoid(*x);
    }
    for x in z.iter_mut() {
        *x = tanh(*x);
    }
    let (i, f) = gates.split_at(n);
    match c_prev {
        Some(p) => {
            for k in 0..n {
                c[k] = f[k] * p[k] + i[k] * z[k];
            }
        }
        None => {
            for k in 0..n {
                c[k] = i[k] * z[k];
            }
        }
    }
    for k in 0..n {
        h[k] = o[k] * tanh(c[k]);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn cell_wide(g: &mut [f32], c_prev: Option<&[f32]>, c: &mut [f32], h: &mut [f32]) {
    cell_body(g, c_prev, c, h)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn cell_widest(g: &mut [f32], c_prev: Option<&[f32]>, c: &mut [f32], h: &mut [f32]) {
    cell_body(g, c_prev, c, h)
}

/// One LSTM cell step (see [`cell_body`]), vectorised for the CPU at hand.
#[inline]
pub fn lstm_cell(g: &mut [f32], c_prev: Option<&[f32]>, c: &mut [f32], h: &mut [f32]) {
    dispatch!(widest: cell_widest(g, c_prev, c, h), wide: cell_wide(g, c_prev, c, h));
    cell_body(g, c_prev, c, h)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn add_widest(x: &[f32], y: &mut [f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += x;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn tanh_all_widest(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = tanh(*v);
    }
}

/// `y += x`.
#[inline]
pub fn add(x: &[f32], y: &mut [f32]) {
    dispatch!(widest: add_widest(x, y));
    for (y, x) in y.iter_mut().zip(x) {
        *y += x;
    }
}

/// `y += rows[0] + rows[1] + ...`, 16 columns at a time with the sum in a register:
/// each output is summed in the order of `rows`, as repeated [`add`] calls would.
#[inline(always)]
fn add_all_body(rows: &[&[f32]], y: &mut [f32]) {
    const C: usize = 16;
    let n = y.len();
    let blocks = n / C * C;
    for c0 in (0..blocks).step_by(C) {
        let mut acc = [0.0f32; C];
        acc.copy_from_slice(&y[c0..c0 + C]);
        for r in rows {
            for (a, x) in acc.iter_mut().zip(&r[c0..c0 + C]) {
                *a += x;
            }
        }
        y[c0..c0 + C].copy_from_slice(&acc);
    }
    for r in rows {
        for (a, x) in y[blocks..].iter_mut().zip(&r[blocks..n]) {
            *a += x;
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn add_all_widest(rows: &[&[f32]], y: &mut [f32]) {
    add_all_body(rows, y)
}

/// `y += Σ rows` (every row at least as long as `y`).
#[inline]
pub fn add_all(rows: &[&[f32]], y: &mut [f32]) {
    assert!(
        rows.iter().all(|r| r.len() >= y.len()),
        "add_all: a row is shorter than the sum"
    );
    dispatch!(widest: add_all_widest(rows, y));
    add_all_body(rows, y)
}

/// `x = tanh(x)`, element by element.
#[inline]
pub fn tanh_all(x: &mut [f32]) {
    dispatch!(widest: tanh_all_widest(x));
    for v in x.iter_mut() {
        *v = tanh(*v);
    }
}

/// `y += a * x`.
#[inline]
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    axpy_body::<false>(a, x, y)
}

/// `y += Mᵀ x` for a row-major `m` (len(x) × len(y)): a sum of rows, which vectorises.
#[inline]
pub fn add_rows(m: &[f32], x: &[f32], y: &mut [f32]) {
    dispatch!(widest: add_rows_widest(m, x, y), wide: add_rows_wide(m, x, y));
    let n = y.len();
    for (j, &xj) in x.iter().enumerate() {
        axpy_body::<false>(xj, &m[j * n..(j + 1) * n], y);
    }
}

/// `ys[t] += Mᵀ xs[t]` for every row `t` of `xs` (T × k) and `ys` (T × n), with `m`
/// row-major k × n: [`add_rows`] on a batch of inputs, with the same results, faster.
pub fn add_rows_many(m: &[f32], k: usize, xs: &[f32], ys: &mut [f32]) {
    if k == 0 {
        return;
    }
    let (n, tokens) = (m.len() / k, xs.len() / k);
    assert!(
        m.len() == k * n && xs.len() == tokens * k && ys.len() == tokens * n,
        "add_rows_many: the slices do not fit one shape"
    );
    dispatch!(widest: add_rows_many_widest(m, k, xs, ys), wide: add_rows_many_wide(m, k, xs, ys));
    add_rows_many_body::<false, 32>(m, k, xs, ys)
}

/// Dot product.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    dispatch!(wide: dot_wide(a, b));
    dot_body::<false>(a, b)
}

/// `e^x`, to about 2e-7 relative error, without branches or library calls, so loops
/// over it vectorise.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let t = x * std::f32::consts::LOG2_E;
    // Round to nearest with the 1.5 * 2^23 trick; |f| <= 0.5.
    const MAGIC: f32 = 12_582_912.0;
    let r = (t + MAGIC) - MAGIC;
    let f = t - r;
    // 2^f by its Taylor series in f ln 2.
    let p = 1.0
        + f * (std::f32::consts::LN_2
            + f * (0.240_226_5
                + f * (0.055_504_11
                    + f * (0.009_618_129 + f * (0.001_333_355 + f * 0.000_154_035_3)))));
    let bits = ((r as i32 + 127) << 23) as u32;
    p * f32::from_bits(bits)
}

/// The logistic function.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// The hyperbolic tangent.
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * x) + 1.0)
}

/// Adam settings.
#[derive(Clone, Copy, Debug)]
pub struct Adam {
    /// Learning rate.
    pub rate: f32,
    /// Decay of the first moment.
    pub beta1: f32,
    /// Decay of the second moment.
    pub beta2: f32,
    /// Added to the root of the second moment.
    pub eps: f32,
}

impl Default for Adam {
    fn default() -> Self {
        Adam {
            rate: 1e-3,
            beta1: 0.9,
            beta2: 0.9,
            eps: 1e-8,
        }
    }
}

/// The moments Adam keeps for one tensor.
#[derive(Clone, Debug)]
pub struct Moments {
    m: Vec<f32>,
    v: Vec<f32>,
    /// Steps taken by each row (rows of embeddings are updated only when used).
    steps: Vec<u32>,
}

impl Moments {
    /// Zero moments for a tensor's shape.
    pub fn new(t: &Tensor) -> Moments {
        Moments {
            m: vec![0.0; t.data.len()],
            v: vec![0.0; t.data.len()],
            steps: vec![0; t.rows],
        }
    }

    /// One Adam step on rows `rows` of `w` with gradient `g` (same shape); `scale`
    /// multiplies the gradient first (1 / batch size, clipping).
    pub fn step_rows(
        &mut self,
        opt: &Adam,
        w: &mut Tensor,
        g: &Tensor,
        rows: impl Iterator<Item = usize>,
        scale: f32,
    ) {
        let cols = w.cols;
        for r in rows {
            self.steps[r] += 1;
            let t = self.steps[r] as i32;
            let c1 = 1.0 - opt.beta1.powi(t);
            let c2 = 1.0 - opt.beta2.powi(t);
            let lr = opt.rate * c2.sqrt() / c1;
            let range = r * cols..(r + 1) * cols;
            let (w, g) = (&mut w.data[range.clone()], &g.data[range.clone()]);
            let (m, v) = (&mut self.m[range.clone()], &mut self.v[range]);
            for k in 0..cols {
                let gk = g[k] * scale;
                m[k] = opt.beta1 * m[k] + (1.0 - opt.beta1) * gk;
                v[k] = opt.beta2 * v[k] + (1.0 - opt.beta2) * gk * gk;
                w[k] -= lr * m[k] / (v[k].sqrt() + opt.eps);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(m: usize, k: usize, n: usize, a: &[f32], b: &[f32]) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|x| a[i * k + x] * b[j * k + x]).sum();
            }
        }
        c
    }

    #[test]
    #[should_panic(expected = "shorter than its shape")]
    fn a_short_slice_is_refused_before_any_unsafe_access() {
        let mut c = vec![0.0; 4];
        gemm_abt(2, 3, 2, &[1.0; 5], &[1.0; 6], 0.0, &mut c);
    }

    #[test]
    fn products_agree_with_the_definitions() {
        let mut rng = Rng::new(3);
        let (m, k, n) = (5, 7, 3);
        let a = Tensor::glorot(m, k, &mut rng);
        let b = Tensor::glorot(n, k, &mut rng);
        let mut c = vec![0.0; m * n];
        gemm_abt(m, k, n, &a.data, &b.data, 0.0, &mut c);
        let want = naive(m, k, n, &a.data, &b.data);
        for (x, y) in c.iter().zip(&want) {
            assert!((x - y).abs() < 1e-5);
        }
        // aᵀ·c has shape k × n; compare with the naive product of the transpose.
        let mut at = vec![0.0; k * m];
        for i in 0..m {
            for j in 0..k {
                at[j * m + i] = a.data[i * k + j];
            }
        }
        let mut ct = vec![0.0; n * m];
        for i in 0..m {
            for j in 0..n {
                ct[j * m + i] = c[i * n + j];
            }
        }
        let mut g = vec![0.0; k * n];
        gemm_atb_acc(m, k, n, &a.data, &c, &mut g);
        let want = naive(k, m, n, &at, &ct);
        for (x, y) in g.iter().zip(&want) {
            assert!((x - y).abs() < 1e-5);
        }
        assert!((dot(&a.data, &a.data) - a.data.iter().map(|x| x * x).sum::<f32>()).abs() < 1e-5);
    }

    #[test]
    fn many_rows_at_once_give_the_same_sums_as_one_at_a_time() {
        let mut rng = Rng::new(5);
        // 7 inputs (a block of four and three left over); 70 columns (blocks and a tail).
        for (tokens, k, n) in [(7, 9, 70), (4, 3, 64), (1, 5, 33), (0, 4, 8), (5, 6, 300)] {
            let m = Tensor::glorot(k, n, &mut rng);
            let xs = Tensor::glorot(tokens.max(1), k, &mut rng);
            let xs = &xs.data[..tokens * k];
            let mut many = vec![0.5f32; tokens * n];
            add_rows_many(&m.data, k, xs, &mut many);
            let mut one = vec![0.5f32; tokens * n];
            for t in 0..tokens {
                add_rows(
                    &m.data,
                    &xs[t * k..(t + 1) * k],
                    &mut one[t * n..(t + 1) * n],
                );
            }
            assert_eq!(many, one);
            // And `add_rows` itself against the plain row-by-row sum.
            for t in 0..tokens {
                let mut plain = vec![0.5f32; n];
                for j in 0..k {
                    axpy(xs[t * k + j], &m.data[j * n..(j + 1) * n], &mut plain);
                }
                for (a, b) in one[t * n..(t + 1) * n].iter().zip(&plain) {
                    assert!((a - b).abs() < 1e-5);
                }
            }
        }
    }

    #[test]
    fn a_sum_of_rows_adds_in_order() {
        let mut rng = Rng::new(7);
        let t = Tensor::glorot(5, 37, &mut rng);
        let rows: Vec<&[f32]> = (0..5).map(|r| t.row(r)).collect();
        let mut once = vec![0.25f32; 37];
        add_all(&rows, &mut once);
        let mut each = vec![0.25f32; 37];
        for r in &rows {
            add(r, &mut each);
        }
        assert_eq!(once, each);
    }

    #[test]
    fn activations_are_close_to_the_library_ones() {
        for i in -2000..=2000 {
            let x = i as f32 / 100.0;
            let (e, want) = (exp(x), x.exp());
            assert!((e - want).abs() <= 4e-6 * want.max(1e-30), "exp({x})");
            assert!((tanh(x) - x.tanh()).abs() < 1e-6, "tanh({x})");
            assert!(
                (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs() < 1e-6,
                "sigmoid({x})"
            );
        }
        assert_eq!(tanh(1000.0), 1.0);
        assert_eq!(tanh(-1000.0), -1.0);
    }
}
