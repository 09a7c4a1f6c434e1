import type { FastifyInstance } from 'fastify';

/**
 * [CB1]–[CB7] A demo shop with a checkout form, to try co-browsing on: a normal field, a block
 * marked `data-parley-private`, an inline script (it sets `window.shopScriptRan`; the consultant's
 * replay must never run it) and a button that changes the page. Demo content of the operator, in
 * English by design, like /demo.
 */
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
header{display:flex;gap:1rem;align-items:baseline}nav a{margin-right:1rem}
.product{border:1px solid #e2e8f0;border-radius:10px;padding:1rem;margin:1rem 0;background:#f8fafc}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
.private{background:#fef2f2;border:1px dashed #fca5a5;border-radius:10px;padding:1rem;margin:1rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:8px;border:0;background:#0f766e;color:#fff;cursor:pointer}`;

function shopPage(embedCode: string, title: string, main: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Demo Shop</title><style>${STYLE}</style>
<script>window.shopScriptRan = true;</script>
</head><body>
<header><h1>Demo Shop</h1><nav><a href="/demo/shop">Shop</a><a href="/demo/shop/delivery">Delivery</a></nav></header>
${main}
${embedCode}
</body></html>`;
}

const SHOP = `<div class="product" id="product"><h2>Blue kettle</h2><p>1.7 litres, stainless steel. <strong id="price">€39.00</strong></p>
<button type="button" id="add" onclick="document.getElementById('cart').textContent='1 item in your cart'">Add to cart</button>
<p id="cart">Your cart is empty</p></div>
<form id="checkout" onsubmit="return false"><h2>Checkout</h2>
<label for="name">Full name</label><input id="name" name="name" autocomplete="name">
<label for="address">Street and number</label><input id="address" name="address" autocomplete="street-address">
<div class="private" data-parley-private id="account"><strong>Your account</strong><p>Customer number CUST-7731-SECRET, saved card ending 4242</p></div>
<label for="card">Card number</label><input id="card" name="card" autocomplete="cc-number" inputmode="numeric">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<p><button type="submit">Pay</button></p></form>`;

const DELIVERY = `<div class="product" id="delivery"><h2>Delivery</h2><p>We deliver in 2 working days. Returns are free for 30 days.</p>
<label for="postcode">Your postcode</label><input id="postcode" name="postcode" autocomplete="postal-code"></div>`;

/** `embedCode`: the demo link's visitor embed code (pages.ts). */
export function registerDemoShop(app: FastifyInstance, embedCode: string): void {
  app.get('/demo/shop', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(shopPage(embedCode, 'Checkout', SHOP)),
  );
  app.get('/demo/shop/delivery', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(shopPage(embedCode, 'Delivery', DELIVERY)),
  );
}
