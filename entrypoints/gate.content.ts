import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

// Provisional gate until the engine's gate lands: a bounded look at title, headings and body.
const TOPIC_TERMS = ['白癜风', '白癜風', '他克莫司', 'vitiligo', 'tacrolimus', 'protopic'];

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    const sample = `${document.title} ${document.body?.innerText.slice(0, 5000) ?? ''}`.toLowerCase();
    const passed = TOPIC_TERMS.some((term) => sample.includes(term));
    void browser.runtime.sendMessage({ type: 'gate', passed }).catch(() => undefined);
  },
});
