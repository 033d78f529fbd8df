import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'sonner/dist/styles.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
// Each component imports its own CSS; importing them here, in the old components.css order, keeps
// their rules between layout.css and screens.css so the cascade is what it was.
import './components/ui.js';
import './components/theme-toggle.js';
import './components/dialogs.js';
import './components/table.js';
import './components/password.js';
import './components/copy-button.js';
import './styles/screens.css';
import './state/theme.js';
import { App } from './app.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
