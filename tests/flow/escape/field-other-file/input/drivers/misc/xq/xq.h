/* SPDX-License-Identifier: GPL-2.0 */
struct xq_ctx {
	struct page *notify_page;
	void *notify;
};
void xq_ctx_release(struct xq_ctx *ctx);
