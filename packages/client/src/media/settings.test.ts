import { describe, expect, it } from 'vitest';
import {
  classifyMediaError,
  defaultSettings,
  loadSettings,
  presetById,
  presetConstraints,
  saveSettings,
  videoPresets,
} from './settings.ts';

function memory(): { getItem(k: string): string | null; setItem(k: string, v: string): void } {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) };
}

describe('media settings', () => {
  it('[MD6] offers exactly the nine presets of the seeds', () => {
    expect(videoPresets.map((p) => p.id)).toEqual([
      '160x120@8',
      '160x120@15',
      '160x120@25',
      '320x240@8',
      '320x240@15',
      '320x240@25',
      '640x480@8',
      '640x480@15',
      '640x480@25',
    ]);
    expect(presetConstraints(presetById('320x240@15'))).toEqual({
      width: { ideal: 320, max: 320 },
      height: { ideal: 240, max: 240 },
      frameRate: { ideal: 15, max: 15 },
    });
    expect(presetById('1920x1080@60').id).toBe('640x480@25');
  });

  it('[MD6] saves per browser and repairs damaged values', () => {
    const storage = memory();
    expect(loadSettings(storage)).toEqual(defaultSettings);
    saveSettings(storage, { ...defaultSettings, presetId: '160x120@8', gain: 1.5, videoDeviceId: 'cam2' });
    expect(loadSettings(storage)).toMatchObject({ presetId: '160x120@8', gain: 1.5, videoDeviceId: 'cam2' });
    storage.setItem('parley.media.settings', JSON.stringify({ gain: 99, volume: 'loud', presetId: 7 }));
    expect(loadSettings(storage)).toMatchObject({ gain: 2, volume: 1, presetId: '640x480@25' });
    storage.setItem('parley.media.settings', '{broken');
    expect(loadSettings(storage)).toEqual(defaultSettings);
  });

  it('[MD1] tells "permission denied", "device busy" and "no device" apart', () => {
    const error = (name: string) => Object.assign(new Error(name), { name });
    expect(classifyMediaError(error('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(error('NotReadableError'))).toBe('busy');
    expect(classifyMediaError(error('NotFoundError'))).toBe('none');
    expect(classifyMediaError('weird')).toBe('none');
  });
});
