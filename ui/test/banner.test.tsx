// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionBanner } from '../src/components/Banners.js';

afterEach(cleanup);
const banner = () => screen.getByTestId('connection-banner').textContent;

describe('connection banner', () => {
  it('says nothing while live, says when live updates are down, and when they are back', () => {
    const view = render(<ConnectionBanner live={{ state: 'live', reconnectedAt: null }} />);
    expect(banner()).toBe('');
    view.rerender(<ConnectionBanner live={{ state: 'down', reconnectedAt: null }} />);
    expect(banner()).toContain('Live updates are down: reconnecting');
    view.rerender(<ConnectionBanner live={{ state: 'live', reconnectedAt: 1 }} />);
    expect(banner()).toContain('Live updates are back; everything on this page was refreshed.');
  });

  it('says when the browser is offline', () => {
    render(<ConnectionBanner live={{ state: 'live', reconnectedAt: null }} />);
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    act(() => void window.dispatchEvent(new Event('offline')));
    expect(banner()).toContain('You are offline');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    act(() => void window.dispatchEvent(new Event('online')));
    expect(banner()).toBe('');
  });
});
