import { createApp } from 'vue';
import { provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
// Components arrive with their styles through the build (vite.config.ts); messages and message boxes are
// called from scripts, not templates, so their styles are imported here.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import './styles.css';
import App from './App.vue';

// A tab opened before the app was rebuilt asks for screens under their old hashed names, which are gone:
// loading the page again fetches the new index.html and the new names. Only once in a while, so that a
// screen missing from the new build too does not reload the page for ever.
window.addEventListener('vite:preloadError', () => {
  const last = Number(sessionStorage.getItem('jixiao-reloaded-for-new-build') ?? 0);
  if (Date.now() - last < 10_000) return;
  sessionStorage.setItem('jixiao-reloaded-for-new-build', String(Date.now()));
  window.location.reload();
});

const app = createApp(App);
// What `app.use(ElementPlus, { locale })` set up besides registering every component: Chinese texts
// for the components and for message boxes opened from scripts.
provideGlobalConfig({ locale: zhCn }, app, true);
app.mount('#app');
